// Envelope sender with a per-recipient VERP token (spec sending.md §6.6): `bounces+<token>@<bounce domain>`.
// Any bounce or reply to the envelope sender names the token, which maps back to exactly one recipient row.
import { randomBytes } from 'node:crypto';

const PREFIX = 'bounces+';
const TOKEN = /^[0-9a-f]{24}$/;

/** 96 random bits as lowercase hex: survives MTAs that fold the local part's case. */
export function newVerpToken(): string {
  return randomBytes(12).toString('hex');
}

export function verpAddress(token: string, bounceDomain: string): string {
  return `${PREFIX}${token}@${bounceDomain}`;
}

/** The token of `bounces+<token>@…`, or null for any other address. */
export function parseVerpAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const local = address.slice(0, at).toLowerCase();
  if (!local.startsWith(PREFIX)) return null;
  const token = local.slice(PREFIX.length);
  return TOKEN.test(token) ? token : null;
}

/** Our Message-ID for one recipient's copy: stable across retries, so receivers (and tests) can spot duplicates. */
export function messageIdFor(requestId: string, recipientId: number, host: string): string {
  return `<${requestId}.${recipientId}@${host}>`;
}
