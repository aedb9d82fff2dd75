// DKIM signing with the sending domain's keys (RFC 6376 via mailauth), relaxed/relaxed (spec sending.md §2.7).
import { dkimSign } from 'mailauth/lib/dkim/sign.js';

export interface SigningKey {
  selector: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  privateKeyPem: string;
}

// mailauth's default list plus List-Unsubscribe-Post: RFC 8058 §4 requires the one-click pair to be signed.
// Absent fields are skipped by the signer, so the list can be generous.
const SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'In-Reply-To', 'References', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post',
  'Feedback-ID',
].join(':');

export type SignResult = { ok: true; message: Buffer } | { ok: false; reason: string };

/** Prepends one DKIM-Signature per key (e.g. RSA and Ed25519 side by side, RFC 8463 §4). */
export async function signWithDomainKey(message: Buffer, domain: string, keys: SigningKey[], signTime = new Date()): Promise<SignResult> {
  if (keys.length === 0) return { ok: false, reason: `No DKIM key for ${domain}` };
  const result = await dkimSign(message, {
    signingDomain: domain,
    selector: keys[0]!.selector,
    privateKey: keys[0]!.privateKeyPem,
    canonicalization: 'relaxed/relaxed',
    // mailauth reads the list as a colon-separated string (its typings say string[]).
    headerList: SIGNED_HEADERS as unknown as string[],
    // Required for correctness, not only for tests: without it mailauth stamps t= twice, and a second boundary between
    // the two (about 1 in 400 RSA signatures) makes the signature wrong.
    signTime,
    signatureData: keys.map((k) => ({
      signingDomain: domain, selector: k.selector, privateKey: k.privateKeyPem, algorithm: k.algorithm,
      canonicalization: 'relaxed/relaxed',
    })),
  });
  const errors = (result.errors ?? []) as Array<{ err?: Error; selector?: string }>;
  if (errors.length > 0) {
    return { ok: false, reason: `DKIM signing failed for ${domain}: ${errors.map((e) => `${e.selector}: ${e.err?.message}`).join('; ')}` };
  }
  return { ok: true, message: Buffer.concat([Buffer.from(result.signatures), message]) };
}
