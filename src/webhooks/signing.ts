// Webhook signatures (spec §6.7, ambiguity A1): two independent schemes over the same body bytes.
// 1. `lettr-signature`: lowercase hex HMAC-SHA256 of the exact body, keyed by the secret string as the receiver holds
//    it (`whsec_…`), because the founding security page verifies with createHmac('sha256', secretString) and `!==`.
// 2. Standard Webhooks (standardwebhooks.com): `webhook-signature: v1,<base64 HMAC-SHA256(id.timestamp.body)>` keyed
//    by the base64-decoded bytes after `whsec_`, space-separated when several secrets sign during a rotation.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A fresh per-webhook signing secret: `whsec_` + base64 of 32 random bytes (256-bit HMAC key). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Is this string shaped like a secret we issue (so the Standard Webhooks key can be derived from it)? */
export function isWellFormedSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const b64 = secret.slice(SECRET_PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(b64) && Buffer.from(b64, 'base64').length >= 24;
}

/** The `lettr-signature` value: hex HMAC-SHA256 of the raw body keyed by the secret string's UTF-8 bytes. */
export function lettrSignature(body: Uint8Array | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Key bytes for Standard Webhooks: the base64 after `whsec_` (the same derivation the standardwebhooks libraries use). */
export function standardKey(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(b64, 'base64');
}

/** One `v1,<base64>` signature over `${id}.${timestamp}.${body}`. */
export function standardSignature(id: string, timestampSeconds: number, body: Uint8Array | string, secret: string): string {
  const mac = createHmac('sha256', standardKey(secret))
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64');
  return `v1,${mac}`;
}

export interface SignedHeaders {
  'lettr-signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Headers for one attempt. `secrets[0]` is the secret `lettr-signature` uses (the one receivers already hold: during
 * a rotation that stays the previous secret until the overlap window ends); every secret adds a Standard Webhooks
 * signature so receivers can switch to the new one at any moment of the window.
 */
export function signRequest(body: Uint8Array | string, msgId: string, timestampSeconds: number, secrets: readonly string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error('signRequest needs at least one secret');
  return {
    'lettr-signature': lettrSignature(body, secrets[0]!),
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => standardSignature(msgId, timestampSeconds, body, s)).join(' '),
  };
}
