// Domain names: the contract's validation rule, normalisation, and the organisational domain (RFC 7489 §3.2).

/** The contract's StoreDomainRequest pattern (LDH labels, alphabetic TLD of ≥2) and its 255-character cap. */
const DOMAIN_PATTERN = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$/;
const DOMAIN_MAX = 255;
export const INVALID_DOMAIN_MESSAGE = 'The domain must be a valid domain name (e.g., example.com).';

export function isValidDomainName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DOMAIN_MAX && DOMAIN_PATTERN.test(value);
}

/** DNS names are case-insensitive (RFC 4343); we store and compare them lower-case without a trailing dot. */
export function normaliseDomain(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

// A deliberately small public-suffix rule instead of the full Public Suffix List (no network fetch, no 250 KB
// data file): the organisational domain is the last two labels, or the last three when the last two are a
// well-known second-level registry suffix below. Private suffixes (github.io, …) are not modelled; such a
// domain is treated as a subdomain of its platform, which only changes which DNS record we suggest.
const SECOND_LEVEL_SUFFIXES = new Set([
  'ac.uk', 'co.uk', 'gov.uk', 'ltd.uk', 'me.uk', 'net.uk', 'nhs.uk', 'org.uk', 'plc.uk', 'sch.uk',
  'com.au', 'edu.au', 'gov.au', 'net.au', 'org.au', 'co.nz', 'net.nz', 'org.nz', 'govt.nz', 'ac.nz',
  'ac.jp', 'co.jp', 'ne.jp', 'or.jp', 'go.jp', 'co.kr', 'or.kr', 'com.cn', 'net.cn', 'org.cn', 'gov.cn',
  'com.hk', 'com.sg', 'com.tw', 'com.my', 'com.ph', 'com.vn', 'co.id', 'co.in', 'net.in', 'org.in', 'co.il',
  'com.br', 'net.br', 'org.br', 'gov.br', 'com.ar', 'com.mx', 'com.co', 'com.pe', 'co.za', 'org.za',
  'com.tr', 'com.ua', 'com.pl', 'co.at', 'or.at', 'com.eg', 'com.sa', 'com.ng', 'co.ke',
]);

/** The registrable ("organisational") domain a name belongs to. */
export function organisationalDomain(domain: string): string {
  const labels = normaliseDomain(domain).split('.');
  const lastTwo = labels.slice(-2).join('.');
  const keep = labels.length >= 3 && SECOND_LEVEL_SUFFIXES.has(lastTwo) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The contract's `is_primary_domain`: a root/apex domain, which publishes SPF instead of the bounce CNAME. */
export function isApexDomain(domain: string): boolean {
  return organisationalDomain(domain) === normaliseDomain(domain);
}

/** The public suffix a name ends in (`com`, `co.uk`). */
export function publicSuffix(domain: string): string {
  return organisationalDomain(domain).split('.').slice(1).join('.');
}
