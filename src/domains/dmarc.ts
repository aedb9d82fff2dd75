// DMARC record syntax (RFC 7489 §6.3, §6.4) as data: which records are DMARC at all, and whether one is valid.

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export type DmarcParse =
  | { ok: true; policy: DmarcPolicy; subdomainPolicy: DmarcPolicy | null; tags: Record<string, string> }
  | { ok: false; error: string };

const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** §6.6.3 step 3: TXT records that do not start with a v=DMARC1 tag are discarded, not errors. */
export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\b/i.test(txt.trim());
}

const TAG_RULES: Record<string, (value: string) => string | null> = {
  p: (v) => (POLICIES.has(v.toLowerCase()) ? null : 'p= must be none, quarantine or reject'),
  sp: (v) => (POLICIES.has(v.toLowerCase()) ? null : 'sp= must be none, quarantine or reject'),
  adkim: (v) => (/^[rs]$/i.test(v) ? null : 'adkim= must be r or s'),
  aspf: (v) => (/^[rs]$/i.test(v) ? null : 'aspf= must be r or s'),
  pct: (v) => (/^\d{1,3}$/.test(v) && Number(v) <= 100 ? null : 'pct= must be an integer from 0 to 100'),
  ri: (v) => (/^\d{1,10}$/.test(v) ? null : 'ri= must be a number of seconds'),
  fo: (v) => (/^[01ds](:[01ds])*$/i.test(v) ? null : 'fo= must be 0, 1, d or s, separated by colons'),
  rf: (v) => (/^[a-z0-9-]+(:[a-z0-9-]+)*$/i.test(v) ? null : 'rf= must be a list of report formats'),
  rua: reportUris('rua'),
  ruf: reportUris('ruf'),
};

// §6.2: a DMARC URI with an optional "!size[kmgt]" limit; mailto: is the only scheme receivers act on.
function reportUris(tag: string): (value: string) => string | null {
  return (value) =>
    value.split(',').every((uri) => /^mailto:[^\s@!,]+@[^\s@!,]+(![0-9]+[kmgt]?)?$/i.test(uri.trim()))
      ? null
      : `${tag}= must be a comma-separated list of mailto: addresses`;
}

export function parseDmarc(record: string): DmarcParse {
  const parts = record.split(';').map((part) => part.trim());
  if (parts.at(-1) === '') parts.pop(); // a trailing ";" is allowed
  const tags: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const match = /^([a-z]+)\s*=\s*(.*)$/i.exec(part);
    if (!match) return { ok: false, error: `"${part}" is not a tag=value pair` };
    const name = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (index === 0 && (name !== 'v' || value !== 'DMARC1')) return { ok: false, error: 'the record must start with "v=DMARC1;"' };
    if (name in tags) return { ok: false, error: `the ${name}= tag appears more than once` };
    const problem = TAG_RULES[name]?.(value);
    if (problem) return { ok: false, error: problem };
    tags[name] = value; // §6.3: unknown tags are ignored
  }
  if (!('p' in tags)) return { ok: false, error: 'the required p= tag is missing' };
  return {
    ok: true,
    policy: tags.p!.toLowerCase() as DmarcPolicy,
    subdomainPolicy: tags.sp ? (tags.sp.toLowerCase() as DmarcPolicy) : null,
    tags,
  };
}
