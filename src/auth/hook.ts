// The one place API requests are authenticated and authorized (spec security-and-events §2.3 order):
// Bearer → key lookup → (failing keys only) failed-auth block → IP rule → sandbox gate → scope → rate limit. Routes only declare
// `config.scope`; nothing else checks. The kernel's hook (src/http/credentials.ts) calls this verifier for every route
// mounted with the API-key credential.
import { metrics } from '../http/metrics.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonParse } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import type { AuthContext, Verifier } from '../http/credentials.js';
import { ApiError, tooManyRequests, unauthorized } from '../http/errors.js';
import { clientIp } from '../http/client-ip.js';
import { ipAllowed } from './ip-rules.js';
import { bearerToken, digestKey, digestsEqual, looksLikeKey, prefixForLog } from './keys.js';
import { checkLimit, retryAfterSeconds, type Counter } from './rate-limit.js';
import { grants, sandboxAllows, type Permission, type RouteScope } from './scopes.js';
import { findKeyByDigest, keyUsable, touchKey } from './store.js';
import { blockedUntil, failureNetwork, failurePrefix, recordAuthFailure } from './throttle.js';

export type { AuthContext } from '../http/credentials.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs (spec §1.7). Means the same under /api (a key) and /dashboard/api (a member's role). */
    scope?: RouteScope;
  }
}

export const FORBIDDEN_IP = 'Access denied. Your IP address is not allowed.';
export const INSUFFICIENT_SCOPE = 'Your API key does not have the required permissions for this action.';
export const SANDBOX_RESTRICTED = 'Sandbox API keys are restricted to email sending and read-only endpoints.';

// Sandbox keys: 10 requests a minute and 100 a day per team (spec §1.5).
const SANDBOX_LIMITS = [
  { name: 'Minute', limit: 10, windowMs: 60_000 },
  { name: 'Day', limit: 100, windowMs: 86_400_000 },
] as const;

export interface AuthDeps {
  /** Per-second team limit counter (in-process on SQLite, shared table on PostgreSQL). */
  teamCounter: Counter;
  /** Counter for the minute/day sandbox limits (always the shared table: restarts must not reset a daily quota). */
  sandboxCounter: Counter;
}

/** The API-key credential, for the kernel's one hook (src/http/credentials.ts). */
export function apiKeyVerifier(ctx: AppContext, deps: AuthDeps): Verifier {
  return async (request, reply) => {
    request.auth = await authenticate(ctx, deps, request, reply, request.routeOptions.config.scope!);
  };
}

async function authenticate(ctx: AppContext, deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, scope: RouteScope): Promise<AuthContext> {
  const now = ctx.clock.now();
  const db = ctx.db.kysely;
  const ip = clientIp(request);
  const token = bearerToken(request.headers.authorization);
  if (token === null) {
    metrics.authFailures.inc({ reason: 'missing_key' });
    throw unauthorized('API key is required.');
  }

  // The key first: a working key is never refused for what other requests from its network did (no lock-out by
  // someone else's failures). Only failing attempts meet the block.
  const digest = digestKey(token);
  const row = looksLikeKey(token) ? await findKeyByDigest(db, digest) : undefined;
  const prefix = failurePrefix(token);
  const fail = async (reason: string) => {
    metrics.authFailures.inc({ reason });
    await recordAuthFailure(db, { ip, keyPrefix: prefix, reason }, now);
    ctx.log.warn({ ip, reason, key_prefix: prefixForLog(token) }, 'API authentication failed');
  };
  if (!row || !digestsEqual(row.secret_digest, digest) || !keyUsable(row, now)) {
    const blocked = await blockedUntil(db, failureNetwork(ip), prefix, now);
    if (blocked) throw tooManyRequests('Too many failed authentication attempts. Please try again later.', retryAfterSeconds(blocked, now));
    await fail(!row ? 'unknown_key' : row.revoked_at !== null ? 'revoked_key' : 'expired_key');
    throw unauthorized('Invalid API key.');
  }
  if (!ipAllowed(jsonParse<string[]>(row.allowed_ips, []), ip)) {
    await fail('ip_not_allowed');
    throw new ApiError(403, null, FORBIDDEN_IP);
  }
  if (row.type === 'sandbox' && !sandboxAllows(scope)) {
    throw new ApiError(403, 'sandbox_restricted', SANDBOX_RESTRICTED, {
      body: { status: 'error', error_code: 'sandbox_restricted', message: SANDBOX_RESTRICTED },
    });
  }
  const customScopes = jsonParse<string[]>(row.scopes, []);
  if (!grants(row.permission as Permission, customScopes, scope)) {
    throw new ApiError(403, 'insufficient_scope', INSUFFICIENT_SCOPE);
  }

  const limit = row.team_rate_limit ?? ctx.config.rateLimitPerSecond;
  if (limit > 0) {
    const d = await checkLimit(deps.teamCounter, `team:${row.team_id}`, limit, 1000, now);
    const headers = {
      'X-RateLimit-Limit': String(d.limit),
      'X-RateLimit-Remaining': String(d.remaining),
      'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
    };
    reply.headers(headers);
    if (!d.allowed) throw tooManyRequests('Rate limit exceeded. Please slow down your requests.', retryAfterSeconds(d.resetAt, now), headers);
  }
  if (row.type === 'sandbox') {
    for (const w of SANDBOX_LIMITS) {
      const d = await checkLimit(deps.sandboxCounter, `sandbox:${w.name}:team:${row.team_id}`, w.limit, w.windowMs, now);
      reply.header(`X-Sandbox-RateLimit-${w.name}-Limit`, String(w.limit));
      reply.header(`X-Sandbox-RateLimit-${w.name}-Remaining`, String(d.remaining));
      if (!d.allowed) throw tooManyRequests('Sandbox rate limit exceeded. Please slow down your requests.', retryAfterSeconds(d.resetAt, now));
    }
  }

  await touchKey(db, row, ip, now);
  return {
    credential: 'api_key',
    teamId: row.team_id,
    actor: { type: 'api_key', id: row.id },
    apiKeyId: row.id,
    userId: null,
    keyType: row.type,
    permission: row.permission as Permission,
    scopes: customScopes,
    createdByUserId: row.created_by,
    ownerEmail: row.creator_email,
    ip,
  };
}
