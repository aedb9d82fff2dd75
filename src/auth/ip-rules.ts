// IP allow-lists (spec §1.8): single IPv4/IPv6 addresses and CIDR ranges; empty = any address.
import net from 'node:net';

export type ParsedIpRules = { ok: true; rules: string[] } | { ok: false; errors: { index: number; entry: string; message: string }[] };

/** Accepts an array or a comma-separated string ("203.0.113.50, 198.51.100.0/24, 2001:db8::/32"). */
export function parseIpRules(input: string | readonly string[]): ParsedIpRules {
  const entries = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter(Boolean);
  const rules: string[] = [];
  const errors: { index: number; entry: string; message: string }[] = [];
  entries.forEach((entry, index) => {
    const normal = normaliseRule(entry);
    if (normal) rules.push(normal);
    else errors.push({ index, entry, message: `"${entry}" is not an IPv4/IPv6 address or CIDR range.` });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules: [...new Set(rules)] };
}

function normaliseRule(entry: string): string | null {
  const [addr, bits, ...rest] = entry.split('/');
  if (rest.length || !addr) return null;
  const family = net.isIP(addr);
  if (family === 0) return null;
  if (bits === undefined) return addr.toLowerCase();
  if (!/^\d{1,3}$/.test(bits)) return null;
  const n = Number(bits);
  if (n > (family === 4 ? 32 : 128)) return null;
  return `${addr.toLowerCase()}/${n}`;
}

/** `::ffff:203.0.113.5` (a dual-stack socket's view of an IPv4 client) is the IPv4 address. */
export function canonicalClientIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

export function ipAllowed(rules: readonly string[], clientIp: string): boolean {
  if (rules.length === 0) return true;
  const ip = canonicalClientIp(clientIp);
  const family = net.isIP(ip);
  if (family === 0) return false;
  const list = new net.BlockList();
  for (const rule of rules) {
    const [addr, bits] = rule.split('/') as [string, string | undefined];
    const type = net.isIP(addr) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
