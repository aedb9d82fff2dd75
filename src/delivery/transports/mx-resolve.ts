// Where mail for a domain goes (RFC 5321 §5.1): MX records by preference; no MX → the domain's own A/AAAA
// ("implicit MX"); a single `.` MX → the domain accepts no mail (RFC 7505 null MX).
import { promises as dns } from 'node:dns';

export interface MxHost { exchange: string; priority: number; addresses: string[] }

export type MxRoute =
  | { kind: 'hosts'; hosts: MxHost[] }
  | { kind: 'null_mx' }
  | { kind: 'nxdomain'; reason: string }
  | { kind: 'temporary'; reason: string };

/** A resolver on the configured servers (LETTR_DNS_SERVERS as host:port), or the system's when none. */
export function createResolver(servers: string[], timeoutMs = 5_000): dns.Resolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}

const code = (err: unknown): string => (err as { code?: string }).code ?? 'ERROR';
const NO_DATA = new Set(['ENODATA', 'ENOTFOUND']);

async function addressesOf(resolver: dns.Resolver, host: string): Promise<{ addresses: string[]; temporary: string | null }> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  const failures = [v4, v6].filter((r) => r.status === 'rejected').map((r) => code((r as PromiseRejectedResult).reason));
  const temporary = failures.find((c) => !NO_DATA.has(c)) ?? null;
  return { addresses, temporary };
}

/** Equal preferences are shuffled (RFC 5321 §5.1) to spread load over a provider's MX hosts. */
function order(records: Array<{ exchange: string; priority: number }>): Array<{ exchange: string; priority: number }> {
  return records
    .map((r) => ({ r, k: Math.random() }))
    .sort((a, b) => a.r.priority - b.r.priority || a.k - b.k)
    .map(({ r }) => r);
}

export async function resolveMxRoute(resolver: dns.Resolver, domain: string): Promise<MxRoute> {
  let records: Array<{ exchange: string; priority: number }>;
  try {
    records = await resolver.resolveMx(domain);
  } catch (err) {
    const c = code(err);
    if (c === 'ENOTFOUND') return { kind: 'nxdomain', reason: `Domain ${domain} does not exist (NXDOMAIN)` };
    if (c !== 'ENODATA') return { kind: 'temporary', reason: `MX lookup for ${domain} failed: ${c}` };
    records = [];
  }
  if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) return { kind: 'null_mx' };
  const candidates = records.length > 0 ? order(records) : [{ exchange: domain, priority: 0 }];
  const hosts: MxHost[] = [];
  let temporary: string | null = null;
  for (const { exchange, priority } of candidates) {
    const found = await addressesOf(resolver, exchange);
    if (found.addresses.length > 0) hosts.push({ exchange, priority, addresses: found.addresses });
    else temporary ??= found.temporary ? `Address lookup for ${exchange} failed: ${found.temporary}` : null;
  }
  if (hosts.length > 0) return { kind: 'hosts', hosts };
  if (records.length === 0 && !temporary) return { kind: 'nxdomain', reason: `Domain ${domain} has no MX and no address records` };
  return { kind: 'temporary', reason: temporary ?? `No address for the MX hosts of ${domain}` };
}
