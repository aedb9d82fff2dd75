// IP allow-lists (spec §1.8): single IPv4/IPv6 addresses and CIDR ranges; empty = any address.
// A rule must mean what it shows: host bits are cleared (10.0.0.1/24 is stored and shown as 10.0.0.0/24), a /32 or
// /128 is the plain address, a prefix length has no leading zeros, and a /0 (which admits everyone) is accepted only
// as the whole list spelled 0.0.0.0/0 or ::/0, and then stored as "any address" so the key shows as unrestricted.
// Rules match clients of their own family only: an IPv6 rule never admits an IPv4 client (nor IPv4-mapped forms).
import net from 'node:net';
import { canonicalIp } from '../http/client-ip.js';

export type ParsedIpRules = { ok: true; rules: string[] } | { ok: false; errors: { index: number; entry: string; message: string }[] };

const ANY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

/** Accepts an array or a comma-separated string ("203.0.113.50, 198.51.100.0/24, 2001:db8::/32"). */
export function parseIpRules(input: string | readonly string[]): ParsedIpRules {
  const entries = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter(Boolean);
  if (entries.length === 1 && ANY_ADDRESS.has(entries[0]!)) return { ok: true, rules: [] };
  const rules: string[] = [];
  const errors: { index: number; entry: string; message: string }[] = [];
  entries.forEach((entry, index) => {
    const r = normaliseRule(entry);
    if (typeof r === 'string') rules.push(r);
    else errors.push({ index, entry, message: r.problem });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules: [...new Set(rules)] };
}

function normaliseRule(entry: string): string | { problem: string } {
  const notAnAddress = { problem: `"${entry}" is not an IPv4/IPv6 address or CIDR range.` };
  const [addr, bits, ...rest] = entry.split('/');
  if (rest.length || !addr || addr.includes('%')) return notAnAddress;
  if (net.isIP(addr) === 0) return notAnAddress;
  const family = net.isIP(addr) as 4 | 6;
  if (family === 6 && /^::ffff:/i.test(canonicalV6(addr))) {
    return { problem: `"${entry}" is an IPv4-mapped IPv6 address: write the IPv4 address or range instead.` };
  }
  const width = family === 4 ? 32 : 128;
  let n = width;
  if (bits !== undefined) {
    if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > width) {
      return { problem: `"${entry}" has an invalid prefix length: use 0 to ${width} without leading zeros.` };
    }
    n = Number(bits);
  }
  if (n === 0) {
    return { problem: `"${entry}" admits every address: to allow any address, leave allowed_ips empty or give only 0.0.0.0/0 or ::/0.` };
  }
  const network = toBigInt(addr, family) & mask(n, width);
  const text = fromBigInt(network, family);
  return n === width ? text : `${text}/${n}`;
}

/** `::ffff:203.0.113.5` (a dual-stack socket's view of an IPv4 client) is the IPv4 address. */
export const canonicalClientIp = canonicalIp;

export function ipAllowed(rules: readonly string[], clientIp: string): boolean {
  if (rules.length === 0) return true;
  const ip = canonicalClientIp(clientIp);
  if (net.isIP(ip) === 0) return false;
  const family = net.isIP(ip) as 4 | 6;
  const width = family === 4 ? 32 : 128;
  const client = toBigInt(ip, family);
  for (const rule of rules) {
    const [addr, bits] = rule.split('/') as [string, string | undefined];
    if (net.isIP(addr) !== family) continue;
    const m = mask(bits === undefined ? width : Number(bits), width);
    if ((client & m) === (toBigInt(addr, family) & m)) return true;
  }
  return false;
}

function mask(bits: number, width: number): bigint {
  return bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
}

/** The WHATWG URL parser prints IPv6 in its canonical (RFC 5952) form, embedded IPv4 included. */
function canonicalV6(addr: string): string {
  return new URL(`http://[${addr}]/`).hostname.slice(1, -1);
}

function toBigInt(addr: string, family: 4 | 6): bigint {
  if (family === 4) return addr.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  const [head, tail] = canonicalV6(addr).split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function fromBigInt(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return canonicalV6(groups.join(':'));
}
