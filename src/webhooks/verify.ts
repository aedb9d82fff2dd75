// Receiver-side verification, exported from the package entry for customers' servers (spec §6.7 REC "ship it").
// Returns an outcome instead of throwing so a forgotten try/catch can never turn a forgery into a 500 that is retried.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { standardKey } from './signing.js';

export type HeaderBag =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** Maximum age (and future skew) of `webhook-timestamp`, in seconds: 1 to 86400. Default 300 (Standard Webhooks' 5 minutes). */
  toleranceSeconds?: number;
  /**
   * `false` turns replay protection off: the Standard Webhooks id and timestamp headers are then not required (still
   * checked when present). Only for replaying stored requests; the default (`true`) refuses a request without them.
   */
  replayProtection?: boolean;
  /** Current time in ms, for tests and replays of stored requests. Default Date.now(). */
  now?: number;
}

export type VerifyFailure =
  | 'missing_secret'
  | 'invalid_options'
  | 'invalid_body'
  | 'missing_signature'
  | 'signature_mismatch'
  | 'missing_standard_headers'
  | 'incomplete_standard_headers'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'standard_signature_mismatch'
  | 'invalid_json';

export type WebhookBatch = Array<{ msys: Record<string, Record<string, unknown>> }>;

export type VerifyResult = { ok: true; events: WebhookBatch } | { ok: false; reason: VerifyFailure };

const MAX_TOLERANCE_SECONDS = 86_400;

/** The usable secrets: non-empty strings. A list may hold unset entries (`[current, previous]` before any rotation). */
function usableSecrets(secret: unknown): string[] {
  const list: unknown[] = Array.isArray(secret) ? secret : [secret];
  // "whsec_" alone would key the Standard signature with zero bytes: anyone could forge it.
  return list.filter((s): s is string => typeof s === 'string' && s.trim() !== '' && standardKey(s).length > 0);
}

function bodyBytes(rawBody: unknown): Buffer | null {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) return Buffer.from(rawBody);
  return null; // e.g. a body a framework already parsed: its bytes are gone, so nothing can be verified
}

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
 * Strict by default: `lettr-signature` and the Standard Webhooks id, timestamp (within the tolerance) and signature
 * must all be present and valid. Every problem, including a missing secret or a parsed body, is a result, never a throw.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeaderBag,
  secret: string | readonly (string | undefined | null)[] | undefined | null,
  options: VerifyOptions = {},
): VerifyResult {
  const secrets = usableSecrets(secret);
  if (secrets.length === 0) return { ok: false, reason: 'missing_secret' };
  const tolerance = options.toleranceSeconds ?? 300;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > MAX_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'invalid_options' };
  }
  const body = bodyBytes(rawBody);
  if (body === null) return { ok: false, reason: 'invalid_body' };
  if (typeof headers !== 'object' || headers === null) return { ok: false, reason: 'missing_signature' };

  const given = header(headers, 'lettr-signature')?.trim();
  if (!given) return { ok: false, reason: 'missing_signature' };
  let matched = false;
  for (const s of secrets) matched = sameText(createHmac('sha256', s).update(body).digest('hex'), given.toLowerCase()) || matched;
  if (!matched) return { ok: false, reason: 'signature_mismatch' };

  const id = header(headers, 'webhook-id');
  const ts = header(headers, 'webhook-timestamp');
  const sig = header(headers, 'webhook-signature');
  const anyStandard = id !== undefined || ts !== undefined || sig !== undefined;
  if (!anyStandard && options.replayProtection !== false) return { ok: false, reason: 'missing_standard_headers' };
  if (anyStandard) {
    if (!id || !ts || !sig) return { ok: false, reason: 'incomplete_standard_headers' };
    if (!/^\d{1,12}$/.test(ts.trim())) return { ok: false, reason: 'invalid_timestamp' };
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
