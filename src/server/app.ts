// Fastify assembly: logger, client-IP policy, body limits, cookies, the credential hook (API keys and dashboard
// sessions), error shapes, routes.
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sessionVerifier } from '../accounts/index.js';
import { DatabaseCounter, MemoryCounter } from '../auth/rate-limit.js';
import { apiKeyVerifier } from '../auth/hook.js';
import type { AppContext } from '../http/context.js';
import { registerCredentials } from '../http/credentials.js';
import { registerErrorHandling } from '../http/error-handler.js';
import { loggableUrl } from '../http/logger.js';
import { registerSecurityHeaders } from '../http/security-headers.js';
import { registerRoutes } from './routes.js';

// Attachments may total 5 MB of base64 (spec §2.6); the rest of a send request is small. 10 MB leaves room for JSON
// framing without letting a client park arbitrarily large bodies in memory.
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * "2xx means stored" (ARCHITECTURE principle 5) for every route at once: a response to a request that may have
 * written waits until the database says its commits are durable (SQLite: the shared WAL fsync, group commit). A failed
 * fsync is an error response, never a 2xx.
 */
function registerDurability(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (WRITES.has(request.method) && reply.statusCode < 500) await ctx.db.durable();
    return payload;
  });
}

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    // Without LETTR_TRUST_PROXY the client IP is the socket peer; X-Forwarded-For is believed only from named proxies.
    trustProxy: ctx.config.trustProxy.length ? ctx.config.trustProxy : false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Drop idle keep-alive sockets on close so SIGTERM drains in-flight requests and then exits promptly.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // One access line per request (below) instead of Fastify's two ("incoming request" + "request completed"):
    // at the default info level the pair was the largest cost of a trivial request in the bench's profile.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (request, reply) => {
    // The path and the names of query parameters only: a value there may be a key or a token (loggableUrl).
    request.log.info({ method: request.method, url: loggableUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  registerDurability(app, ctx);
  // Cookies are parsed on demand (cookiesOf in src/http/csrf.ts): only dashboard requests read them.
  await app.register(cookie, { hook: false });
  const teamCounter = ctx.db.dialect === 'postgres' ? new DatabaseCounter(ctx.db) : new MemoryCounter();
  app.decorateRequest('session', null);
  app.decorateRequest('membership', null);
  registerCredentials(app, {
    api_key: apiKeyVerifier(ctx, { teamCounter, sandboxCounter: new DatabaseCounter(ctx.db) }),
    session: sessionVerifier(ctx),
  });
  await registerRoutes(app, ctx);
  return app;
}
