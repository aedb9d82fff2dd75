// One delivery attempt end to end, without the database: check the target, add Authorization per auth_type, sign the
// stored body bytes afresh (the timestamp changes per attempt; the body never does) and POST them.
import type { Dispatcher } from 'undici';
import type { OAuthCredentials, OAuthTokenCache } from './oauth.js';
import { postWebhook, type AttemptResult } from './sender.js';
import { signRequest } from './signing.js';
import { checkTargetUrl, type TargetPolicy } from './target-rules.js';

export type AuthConfig =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | ({ type: 'oauth2' } & OAuthCredentials);

export interface AttemptInput {
  url: string;
  auth: AuthConfig;
  /** Signing secrets, first = the one `lettr-signature` uses (see signing.ts). */
  secrets: readonly string[];
  body: Uint8Array;
  /** Standard Webhooks message id: the delivery's id, the same on every attempt so receivers can dedupe. */
  messageId: string;
  nowMs: number;
  timeoutMs: number;
  policy: TargetPolicy;
}

export interface AttemptDeps {
  dispatcher: Dispatcher;
  tokens: OAuthTokenCache;
}

export function basicAuthorization(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

const failed = (error: string): AttemptResult => ({ ok: false, status: null, error, responseExcerpt: null, latencyMs: 0 });

export async function attemptDelivery(deps: AttemptDeps, input: AttemptInput): Promise<AttemptResult> {
  // Re-checked on every attempt: the policy (production, allow-private) may differ from when the URL was saved.
  const target = checkTargetUrl(input.url, input.policy);
  if (!target.ok) return failed(`target refused: ${target.message}`);

  const headers: Record<string, string> = {
    ...signRequest(input.body, input.messageId, Math.floor(input.nowMs / 1000), input.secrets),
  };
  if (input.auth.type === 'basic') headers.authorization = basicAuthorization(input.auth.username, input.auth.password);
  if (input.auth.type === 'oauth2') {
    const tokenTarget = checkTargetUrl(input.auth.tokenUrl, input.policy);
    if (!tokenTarget.ok) return failed(`OAuth2 token URL refused: ${tokenTarget.message}`);
    const token = await deps.tokens.token(input.auth, input.timeoutMs);
    if (!token.ok) return failed(token.error);
    headers.authorization = `Bearer ${token.token}`;
  }

  const result = await postWebhook({ dispatcher: deps.dispatcher, url: input.url, body: input.body, headers, timeoutMs: input.timeoutMs });
  // A rejected bearer token is dropped so the retry fetches a new one (spec §6.3 REC: refetch on 401).
  if (input.auth.type === 'oauth2' && result.status === 401) deps.tokens.invalidate(input.auth);
  return result;
}
