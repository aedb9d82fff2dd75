// Receiver-side verification, exported from the package entry for customers' servers (spec §6.7 REC "ship it").
// Returns an outcome instead of throwing so a forgotten try/catch can never turn a forgery into a 500 that is retried.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { standardKey } from './signing.js';

export type HeaderBag =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** Maximum age (and future skew) of `webhook-timestamp`, in seconds. Default 300 (Standard Webhooks' 5 minutes). */
  toleranceSeconds?: number;
  /** Current time in ms, for tests and replays of stored requests. Default Date.now(). */
  now?: number;
}

export type VerifyFailure =
  | 'missing_signature'
  | 'signature_mismatch'
  | 'incomplete_standard_headers'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'standard_signature_mismatch'
  | 'invalid_json';

export type WebhookBatch = Array<{ msys: Record<string, Record<string, unknown>> }>;

export type VerifyResult = { ok: true; events: WebhookBatch } | { ok: false; reason: VerifyFailure };

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  }
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(' ') : v;
  }
  return undefined;
}

/** Constant-time string equality; unequal lengths leak only the length, which is public (64 hex / 44 base64). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verify a Lettr webhook request against the raw body bytes exactly as received (never re-serialised JSON).
 * `secret` may be a list while you roll a rotated secret out: any listed secret is accepted.
 * Always checks `lettr-signature`; when Standard Webhooks headers are present, also checks their timestamp and signature.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeaderBag,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): VerifyResult {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);

  const given = header(headers, 'lettr-signature')?.trim();
  if (!given) return { ok: false, reason: 'missing_signature' };
  let matched = false;
  for (const s of secrets) matched = sameText(createHmac('sha256', s).update(body).digest('hex'), given.toLowerCase()) || matched;
  if (!matched) return { ok: false, reason: 'signature_mismatch' };

  const id = header(headers, 'webhook-id');
  const ts = header(headers, 'webhook-timestamp');
  const sig = header(headers, 'webhook-signature');
  if (id !== undefined || ts !== undefined || sig !== undefined) {
    if (!id || !ts || !sig) return { ok: false, reason: 'incomplete_standard_headers' };
    if (!/^\d{1,12}$/.test(ts.trim())) return { ok: false, reason: 'invalid_timestamp' };
    const tolerance = options.toleranceSeconds ?? 300;
    const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
    if (Math.abs(nowSeconds - Number(ts)) > tolerance) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const offered = sig.split(' ').filter((p) => p.startsWith('v1,')).map((p) => p.slice(3));
    let standardOk = false;
    for (const s of secrets) {
      const expected = createHmac('sha256', standardKey(s)).update(`${id}.${ts.trim()}.`).update(body).digest('base64');
      for (const o of offered) standardOk = sameText(expected, o) || standardOk;
    }
    if (!standardOk) return { ok: false, reason: 'standard_signature_mismatch' };
  }

  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!Array.isArray(parsed)) return { ok: false, reason: 'invalid_json' };
    return { ok: true, events: parsed as WebhookBatch };
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
}
