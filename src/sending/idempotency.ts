// Idempotency-Key rules (spec sending.md §10, decision S9): per team, 24 h, same key + same body ⇒ the stored
// response again; same key + another body ⇒ 422. The store keeps the claim, the send and the stored response in one
// transaction, so a concurrent duplicate waits for the first to commit and then replays it: exactly one send.
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Docs cache idempotent responses for 86,400 s. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY = 255;

export const keyMessages = {
  invalid: `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters.`,
  reused: 'The Idempotency-Key has already been used with a different request.',
} as const;

export type KeyReading = { ok: true; key: string | null } | { ok: false; message: string };

/** The header value: absent is fine; present must be visible ASCII (no spaces at the ends, no controls). */
export function readIdempotencyKey(header: string | string[] | undefined): KeyReading {
  if (header === undefined) return { ok: true, key: null };
  if (Array.isArray(header)) return { ok: false, message: keyMessages.invalid };
  const key = header.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x20-\x7e]+$/.test(key)) {
    return { ok: false, message: keyMessages.invalid };
  }
  return { ok: true, key };
}

/**
 * What identifies "the same request": method, path and the JSON body with object keys sorted (so key order and
 * whitespace do not matter, but every value does). Hex SHA-256.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n`).update(canonicalJson(body)).digest('hex');
}

type Work = { emit: string } | { value: unknown };

/**
 * Canonical JSON: sorted object keys, no whitespace, `undefined` members dropped as JSON.stringify does.
 * Iterative (an explicit work stack) so a deeply nested hostile body cannot overflow the call stack.
 */
export function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: Work[] = [{ value: root }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('emit' in item) {
      out.push(item.emit);
      continue;
    }
    const value = item.value;
    if (Array.isArray(value)) {
      const parts: Work[] = [{ emit: '[' }];
      value.forEach((element, i) => {
        if (i > 0) parts.push({ emit: ',' });
        parts.push({ value: element ?? null });
      });
      parts.push({ emit: ']' });
      pushReversed(stack, parts);
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
      const parts: Work[] = [{ emit: '{' }];
      keys.forEach((k, i) => {
        parts.push({ emit: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` }, { value: (value as Record<string, unknown>)[k] });
      });
      parts.push({ emit: '}' });
      pushReversed(stack, parts);
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}

// A loop, not push(...spread): a 500,000-element array would exceed the engine's argument limit.
function pushReversed(stack: Work[], parts: Work[]): void {
  for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

export type KeyDecision = { kind: 'proceed' } | { kind: 'replay'; status: number; body: unknown } | { kind: 'mismatch' };

/** Given what the key already holds (if anything), what this request does. Expired entries count as absent. */
export function decideIdempotency(stored: StoredResponse | null, fingerprint: string, now: number): KeyDecision {
  if (stored === null || stored.expiresAt <= now) return { kind: 'proceed' };
  if (stored.fingerprint !== fingerprint) return { kind: 'mismatch' };
  return { kind: 'replay', status: stored.status, body: stored.body };
}

/**
 * Only successes are kept (issue 18, departing from spec §10's "2xx and 4xx"): every refusal of a send (422, 400
 * unconfigured_domain, 404 template_not_found, 403) happens before anything is written and is something the user fixes
 * and retries with the same key, which must then send. Stripe saves no result when parameters fail validation; a 5xx
 * sent nothing either. Conflicts are not stored answers: a different body under the key is computed each time (422),
 * and a concurrent duplicate waits for the first and replays it.
 */
export function isStorable(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The name a key is stored under. Sandbox requests get their own namespace per key owner (a tab cannot occur in a
 * valid Idempotency-Key, so no live key can spell it): a sandbox call and a live call with the same key never replay
 * each other's stored response, nor learn that it exists.
 */
export function scopedIdempotencyKey(key: string, auth: { keyType: 'live' | 'sandbox'; createdByUserId: number | null }): string {
  return auth.keyType === 'sandbox' ? `sandbox\t${auth.createdByUserId ?? 0}\t${key}` : key;
}
