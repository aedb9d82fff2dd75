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

/** host:port pairs for DNS resolvers ("127.0.0.1:5353", "[::1]:53", "10.0.0.2" = port 53). */
export function hostPortList(raw: string): Parsed<string[]> {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of entries) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^:\s]+)(:\d{1,5})?$/.test(e)) return bad(`"${e}" is not host or host:port`);
  }
  return ok(entries);
}

/** Comma-separated durations ("0,1m,5m,2h"), 1 to 50 of them, e.g. a retry schedule. */
export function durationList(raw: string): Parsed<number[]> {
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
