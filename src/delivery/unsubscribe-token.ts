// The token in List-Unsubscribe and {{unsubscribe_link}} URLs (RFC 8058 §3: the URI must identify the recipient and
// list without further interaction). It names the team, the recipient address, the message (request id) and an expiry
// (the retention period), MAC'd under a key derived from the sealed master key; nothing is stored per token, and a
// forged or altered token fails the MAC. Pure apart from the MAC, which the caller's SecretBox computes.
const PURPOSE = 'unsubscribe-link';
const VERSION = 1;

export interface UnsubscribeClaims {
  teamId: number;
  email: string;
  /** The message it came in (request_id), or null for links not tied to one. */
  requestId: string | null;
  /** Epoch ms after which the link no longer works. */
  expiresAt: number;
}

export interface Macer {
  mac(data: string, purpose: string): string;
  macMatches(data: string, purpose: string, mac: string): boolean;
}

export function issueUnsubscribeToken(box: Macer, c: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify([VERSION, c.teamId, c.email, c.requestId, Math.ceil(c.expiresAt / 1000)])).toString('base64url');
  return `${payload}.${box.mac(payload, PURPOSE)}`;
}

export type TokenReading = { ok: true; claims: UnsubscribeClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Length-capped before any work: a hostile URL costs one bounded HMAC at most. */
export function readUnsubscribeToken(box: Macer, token: string, now: number): TokenReading {
  if (token.length > 1024 || !/^[A-Za-z0-9_-]+\.[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'invalid' };
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  if (!box.macMatches(payload, PURPOSE, token.slice(dot + 1))) return { ok: false, reason: 'invalid' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (!Array.isArray(parsed) || parsed[0] !== VERSION) return { ok: false, reason: 'invalid' };
  const [, teamId, email, requestId, expSec] = parsed as [number, unknown, unknown, unknown, unknown];
  if (typeof teamId !== 'number' || typeof email !== 'string' || (requestId !== null && typeof requestId !== 'string') || typeof expSec !== 'number') {
    return { ok: false, reason: 'invalid' };
  }
  const claims = { teamId, email, requestId: requestId as string | null, expiresAt: expSec * 1000 };
  return now > claims.expiresAt ? { ok: false, reason: 'expired' } : { ok: true, claims };
}

/** The link a recipient follows (or a mailbox provider POSTs to). */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe/${token}`;
}
