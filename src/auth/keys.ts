// API key material (spec §1.2): `lttr_` (or `lttr_sandbox_`) + 64 base62 characters from a CSPRNG. Stored only as a
// SHA-256 digest: the key has ~381 bits of entropy, so a fast hash is safe and a slow KDF would only cost latency.
import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 64;
const KEY_PATTERN = /^lttr_(sandbox_)?[0-9A-Za-z]{64}$/;

export type KeyType = 'live' | 'sandbox';

/** Uniform base62 by rejection sampling: bytes ≥ 248 (= 4 × 62) are discarded so no character is favoured. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of crypto.randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export interface NewKeyMaterial {
  key: string;
  digest: string;
  prefix: string;
  suffix: string;
}

export function generateKey(type: KeyType): NewKeyMaterial {
  const key = (type === 'sandbox' ? 'lttr_sandbox_' : 'lttr_') + randomBase62(BODY_LENGTH);
  return { key, digest: digestKey(key), prefix: key.slice(0, 12), suffix: key.slice(-4) };
}

export function digestKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeKey(token: string): boolean {
  return KEY_PATTERN.test(token);
}

export function keyTypeOf(token: string): KeyType {
  return token.startsWith('lttr_sandbox_') ? 'sandbox' : 'live';
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** `Authorization: Bearer <key>` only (spec §1.4); keys in query strings or bodies are never read. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(.*)$/i.exec(header);
  return m ? m[1]! : null;
}

/** What we keep of a wrong key for the security log: a short prefix, never enough to use. */
export function prefixForLog(token: string): string {
  return token.slice(0, 12);
}
