// DKIM key pairs and the TXT record that publishes each public key (RFC 6376 §3.6.1, RFC 8463 §4).
import { generateKeyPair, createPublicKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';
/** RSA-2048: RFC 8301 §3.2 requires ≥1024 and recommends 2048; 4096 overflows many DNS UIs' TXT handling. */
const RSA_BITS = 2048;

export interface DkimKeyPair {
  algorithm: DkimAlgorithm;
  /** PKCS#8 PEM; sealed through the secrets module before it touches the database. */
  privateKeyPem: string;
  /** The `p=` value: base64 SPKI DER for RSA, base64 of the raw 32-byte key for Ed25519 (RFC 8463 §4.2). */
  publicKey: string;
}

/** Headers we list in `h=` of our signatures, reported as the contract's `headers` field. */
export const DKIM_SIGNED_HEADERS = [
  'from', 'to', 'cc', 'subject', 'date', 'message-id', 'reply-to', 'mime-version', 'content-type',
  'list-unsubscribe', 'list-unsubscribe-post',
] as const;
export const DKIM_HEADERS_FIELD = DKIM_SIGNED_HEADERS.join(':');

export async function generateDkimKey(algorithm: DkimAlgorithm): Promise<DkimKeyPair> {
  const { privateKey, publicKey } = algorithm === 'rsa-sha256'
    ? await generate('rsa', { modulusLength: RSA_BITS })
    : await generate('ed25519');
  return {
    algorithm,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKeyValue(publicKey, algorithm),
  };
}

/** The `p=` value for a public key (also used to re-derive it from a private key PEM). */
export function publicKeyValue(key: KeyObject, algorithm: DkimAlgorithm): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (algorithm === 'rsa-sha256') return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
}

/** The TXT value published at `<selector>._domainkey.<domain>`. */
export function dkimRecordValue(algorithm: DkimAlgorithm, publicKey: string): string {
  return algorithm === 'rsa-sha256'
    ? `v=DKIM1; k=rsa; h=sha256; p=${publicKey}`
    : `v=DKIM1; k=ed25519; p=${publicKey}`;
}

export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}

// Selectors: `lettr` + YYMM of creation, `-2`, `-3`… when rotated again within a month; the Ed25519 key beside
// an RSA key takes the RSA selector + `e` (RSA selectors always end in a digit, so the two never collide).
// A new selector per rotation lets the old record stay published while mail signed with it is in flight.
const SELECTOR_PREFIX = 'lettr';

export function nextSelector(existing: readonly string[], now: Date): string {
  const yymm = `${String(now.getUTCFullYear() % 100).padStart(2, '0')}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const base = `${SELECTOR_PREFIX}${yymm}`;
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function ed25519SelectorFor(rsaSelector: string): string {
  return `${rsaSelector}e`;
}
