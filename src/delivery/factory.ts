// The CPU-heavy end of a delivery: MIME composition and DKIM signing, from plain data to the exact bytes to send.
// Pure apart from the clock the caller passes in, so it runs the same in a build thread (factory-pool.ts) or inline.
import { composeMessage, type MessageDraft } from './compose.js';
import { signWithDomainKey, type SigningKey } from './dkim.js';

export interface FactoryInput {
  draft: MessageDraft;
  /** null: leave unsigned (sandbox mail to the local mailbox only; the caller decides). */
  sign: { domain: string; keys: SigningKey[]; signTime: number } | null;
}

/** As it crosses from a build thread (bytes arrive as a Uint8Array). */
export type FactoryResult = { ok: true; raw: Uint8Array } | { ok: false; reason: string };
/** As the delivery pipeline gets it. */
export type Produced = { ok: true; raw: Buffer } | { ok: false; reason: string };

export async function produceMessage(input: FactoryInput): Promise<Produced> {
  let raw: Buffer;
  try {
    raw = await composeMessage(input.draft);
  } catch (err) {
    return { ok: false, reason: `Could not build the message: ${(err as Error).message}` };
  }
  if (!input.sign) return { ok: true, raw };
  const signed = await signWithDomainKey(raw, input.sign.domain, input.sign.keys, new Date(input.sign.signTime));
  return signed.ok ? { ok: true, raw: signed.message } : { ok: false, reason: signed.reason };
}
