import { isIP } from 'node:net';

// Pure parsers for environment values. Each returns the value or a human sentence saying what was expected.
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

export function integer(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    if (!/^-?\d+$/.test(raw.trim())) return bad(`must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) return bad(`must be between ${min} and ${max}, got ${n}`);
    return ok(n);
  };
}

export function oneOf<T extends string>(...choices: T[]) {
  return (raw: string): Parsed<T> =>
    (choices as string[]).includes(raw) ? ok(raw as T) : bad(`must be one of ${choices.join(', ')}, got "${raw}"`);
}

export function boolean(raw: string): Parsed<boolean> {
  if (/^(1|true|yes|on)$/i.test(raw)) return ok(true);
  if (/^(0|false|no|off)$/i.test(raw)) return ok(false);
  return bad(`must be true or false, got "${raw}"`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "15m", "30s", "500ms", "2d" or a bare number of seconds; "0" is zero. */
export function parseDuration(raw: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!m) return bad(`must be a duration such as 30s, 15m, 24h or 0, got "${raw}"`);
  return ok(Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']!));
}

/** A duration no longer than `maxMs` (e.g. a grace period that must end). */
export function durationAtMost(maxMs: number, label: string) {
  return (raw: string): Parsed<number> => {
    const d = parseDuration(raw);
    return d.ok && d.value > maxMs ? bad(`must not be longer than ${label}, got "${raw}"`) : d;
  };
}

export function url(...protocols: string[]) {
  return (raw: string): Parsed<string> => {
    try {
      const u = new URL(raw);
      if (protocols.length && !protocols.includes(u.protocol)) {
        return bad(`must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}, got "${raw}"`);
      }
      return ok(raw);
    } catch {
      return bad(`must be a URL, got "${raw}"`);
    }
  };
}

/** Comma-separated list, entries trimmed, empties dropped. */
export function list(raw: string): Parsed<string[]> {
  return ok(raw.split(',').map((s) => s.trim()).filter(Boolean));
}

/** host:port pairs for DNS resolvers ("127.0.0.1:5353", "[::1]:53", "10.0.0.2" = port 53). Node's resolver takes IP
 * literals only, so a hostname here is refused at boot rather than thrown later by the first lookup. */
export function hostPortList(raw: string): Parsed<string[]> {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of entries) {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+))(?::(\d{1,5}))?$/.exec(e);
    const host = m?.[1] ?? m?.[2] ?? (isIP(e) === 6 ? e : undefined);
    if (!host || !isIP(host) || Number(m?.[3] ?? 53) > 65535) return bad(`"${e}" is not an IP address or IP:port`);
  }
  return ok(entries);
}

/** A DNS host name (labels may start with "_", as in _spf.example.com), lower-cased without a trailing dot. */
export function dnsName(raw: string): Parsed<string> {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  const label = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?';
  return name.length <= 253 && new RegExp(`^${label}(?:\\.${label})+$`).test(name)
    ? ok(name)
    : bad(`must be a DNS name such as bounce.example.com, got "${raw}"`);
}

/** An optional value: empty means null. */
export function optional<T>(parse: (raw: string) => Parsed<T>) {
  return (raw: string): Parsed<T | null> => (raw.trim() === '' ? ok(null) : parse(raw));
}

/** Comma-separated IPv4/IPv6 addresses. */
export function ipList(raw: string): Parsed<string[]> {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = entries.find((e) => isIP(e) === 0);
  return wrong === undefined ? ok(entries) : bad(`"${wrong}" is not an IPv4 or IPv6 address`);
}

/** Comma-separated durations ("0,1m,5m,2h"), 1 to 50 of them, e.g. a retry schedule. */
/** "0,1m,5m,30m": waits between attempts. "none" is the empty list (no retries). */
export function durationList(raw: string): Parsed<number[]> {
  if (raw.trim() === 'none') return ok([]);
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || parts.length > 50) return bad(`must list 1 to 50 durations such as 0,1m,5m,30m, got "${raw}"`);
  const out: number[] = [];
  for (const p of parts) {
    const d = parseDuration(p);
    if (!d.ok) return bad(`has "${p}", which is not a duration such as 30s, 5m or 2h`);
    out.push(d.value);
  }
  return ok(out);
}
