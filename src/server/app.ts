// Fastify assembly: logger, client-IP policy, body limits and body rules, response compression, cookies, the
// credential hook (API keys and dashboard sessions), error shapes, 404/OPTIONS, routes.
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sessionVerifier } from '../accounts/index.js';
import { DatabaseCounter, MemoryCounter } from '../auth/rate-limit.js';
import { apiKeyVerifier } from '../auth/hook.js';
import type { AppContext } from '../http/context.js';
import { registerBodyRules } from '../http/bodies.js';
import { registerCredentials } from '../http/credentials.js';
import { registerErrorHandling } from '../http/error-handler.js';
import { registerNotFound } from '../http/not-found.js';
import { metrics } from '../http/metrics.js';
import { databaseCheck, registerOperationsRoutes, type ReadinessCheck } from './observability.js';
import { loggableUrl } from '../http/logger.js';
import { registerSecurityHeaders } from '../http/security-headers.js';
import { registerRoutes } from './routes.js';

// Attachments may total 5 MB of base64 (spec §2.6); the rest of a send request is small. 10 MB leaves room for JSON
// framing without letting a client park arbitrarily large bodies in memory.
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

// Responses below this size go out as they are: compressing a small JSON body costs more CPU than the bytes it saves.
export const COMPRESS_THRESHOLD_BYTES = 1024;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * "2xx means stored" (ARCHITECTURE principle 5) for every route at once: a response to a request that may have
 * written waits until the database says its commits are durable (SQLite: the shared WAL fsync, group commit). A failed
 * fsync is an error response, never a 2xx.
 */
function registerDurability(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (WRITES.has(request.method) && reply.statusCode < 500) {
      const end = metrics.durableWait.startTimer();
      await ctx.db.durable();
      end();
    }
    return payload;
  });
}

/** `readiness`: what /readyz checks beside the database (start.ts adds the worker when this process runs one). */
export async function buildApp(ctx: AppContext, opts: { readiness?: ReadinessCheck[] } = {}): Promise<FastifyInstance> {
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
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  registerNotFound(app);
  registerBodyRules(app);
  registerDurability(app, ctx);
  // gzip or br when the client asks (Accept-Encoding) and the body is large enough. Request bodies are never
  // decompressed: no client of this API compresses them, and it would be a way around the body limit.
  await app.register(compress, { threshold: COMPRESS_THRESHOLD_BYTES, encodings: ['br', 'gzip'], globalDecompression: false });
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
  registerOperationsRoutes(app, ctx, [databaseCheck(ctx), ...(opts.readiness ?? [])]);
  return app;
}
