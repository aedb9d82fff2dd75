// OAuth2 client-credentials tokens for `auth_type: oauth2` (spec §6.3, RFC 6749 §4.4). Tokens are cached until
// shortly before `expires_in` and fetched once per credential set even when many deliveries ask at the same moment.
// The cache is only an optimisation: losing it in a restart costs one token request.
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { postWebhook } from './sender.js';

export interface OAuthCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export type TokenResult = { ok: true; token: string } | { ok: false; error: string };

/** Refresh this long before the server's expiry so a token never lapses in flight. */
const EXPIRY_MARGIN_MS = 30_000;
/** When the server omits expires_in (it is only RECOMMENDED), reuse the token this long. */
const DEFAULT_TTL_MS = 300_000;
const MAX_ENTRIES = 1000;

/** RFC 6749 §2.3.1: client_id and secret are form-urlencoded before HTTP Basic encoding. */
export function clientBasicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString('base64');
}

/** Pure: the token and its lifetime from a token endpoint's JSON answer, or why it is unusable. */
export function parseTokenResponse(text: string, now: number): { ok: true; token: string; expiresAt: number } | { ok: false; error: string } {
  let json: { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { ok: false, error: 'token endpoint answered with something other than JSON' };
  }
  if (typeof json.access_token !== 'string' || json.access_token === '') return { ok: false, error: 'token endpoint answer has no access_token' };
  if (json.token_type !== undefined && String(json.token_type).toLowerCase() !== 'bearer') {
    return { ok: false, error: `token endpoint issued an unsupported token_type "${String(json.token_type)}"` };
  }
  const ttl = typeof json.expires_in === 'number' || /^\d+$/.test(String(json.expires_in ?? ''))
    ? Number(json.expires_in) * 1000 : DEFAULT_TTL_MS;
  return { ok: true, token: json.access_token, expiresAt: now + Math.max(0, ttl - EXPIRY_MARGIN_MS) };
}

export class OAuthTokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<TokenResult>>();

  constructor(private readonly dispatcher: Dispatcher, private readonly now: () => number = Date.now) {}

  private key(c: OAuthCredentials): string {
    return createHash('sha256').update(`${c.tokenUrl}\n${c.clientId}\n${c.clientSecret}`).digest('hex');
  }

  async token(c: OAuthCredentials, timeoutMs: number): Promise<TokenResult> {
    const key = this.key(c);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return { ok: true, token: cached.token };
    const pending = this.inFlight.get(key) ?? this.fetchToken(key, c, timeoutMs).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return pending;
  }

  /** Forget a token the receiver rejected (401), so the next attempt fetches a fresh one. */
  invalidate(c: OAuthCredentials): void {
    this.tokens.delete(this.key(c));
  }

  private async fetchToken(key: string, c: OAuthCredentials, timeoutMs: number): Promise<TokenResult> {
    const res = await postWebhook({
      dispatcher: this.dispatcher,
      url: c.tokenUrl,
      body: Buffer.from('grant_type=client_credentials'),
      contentType: 'application/x-www-form-urlencoded',
      headers: { authorization: clientBasicAuth(c.clientId, c.clientSecret), accept: 'application/json' },
      timeoutMs,
      maxResponseBytes: 65_536, // JWT access tokens can pass 2 KB
    });
    if (!res.ok) return { ok: false, error: `OAuth2 token request failed: ${res.error ?? `HTTP ${res.status}`}` };
    const parsed = parseTokenResponse(res.responseExcerpt ?? '', this.now());
    if (!parsed.ok) return { ok: false, error: `OAuth2 ${parsed.error}` };
    if (this.tokens.size >= MAX_ENTRIES) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(key, { token: parsed.token, expiresAt: parsed.expiresAt });
    return { ok: true, token: parsed.token };
  }
}
