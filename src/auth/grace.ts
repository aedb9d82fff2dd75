// How long a rotated key keeps working. Bounded: a rotation meant to retire a leaked key must not leave it alive for
// years (and an unbounded value would overflow the expiry date into a 500).
import { parseDuration, type Parsed } from '../config/parse.js';

export const MAX_GRACE_MS = 30 * 86_400_000;

export function parseGrace(raw: unknown): Parsed<number> {
  const d = typeof raw === 'string' ? parseDuration(raw) : null;
  if (!d?.ok) return { ok: false, problem: 'The grace must be a duration such as 30m, 24h or 0.' };
  if (d.value > MAX_GRACE_MS) return { ok: false, problem: 'The grace must not be longer than 30 days.' };
  return d;
}
