// Cross-site request forgery protection for the browser surface (/dashboard/api), spec §3.2 / design "Security":
// 1. a state-changing request whose Origin is not this server's is refused (403);
// 2. every state-changing request must echo the `lettr_csrf` cookie in the X-CSRF-Token header (double submit). A
//    page on another site can neither read the cookie nor set that header on a cross-site request without a CORS
//    preflight, which this server never grants. This covers browsers that send no Origin.
// The session cookie is SameSite=Lax besides, so cross-site subrequests do not carry it at all.
import crypto from 'node:crypto';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export const CSRF_COOKIE = 'lettr_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The request's cookies, parsed on first use. Cookies matter only to the dashboard, so the cookie plugin is registered
 * without its parse-every-request hook and the API's hot path never parses a Cookie header.
 */
export function cookiesOf(request: FastifyRequest): Record<string, string | undefined> {
  return (request.cookies ??= request.server.parseCookie(request.headers.cookie ?? ''));
}

export const csrfRefused = () => new ApiError(403, 'csrf_failed', 'Cross-site request refused. Reload the page and try again.');

/** HTTPS as the client sees it: the socket, or X-Forwarded-Proto from a proxy listed in LETTR_TRUST_PROXY. */
export const isHttps = (request: FastifyRequest) => request.protocol === 'https';

/** Attributes every dashboard cookie shares. */
export function cookieAttributes(request: FastifyRequest, httpOnly: boolean) {
  return { path: '/', sameSite: 'lax' as const, secure: isHttps(request), httpOnly };
}

/** A fresh token in the cookie (at first contact, and again at sign-in so a pre-sign-in token is not kept). */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const token = crypto.randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, cookieAttributes(request, false));
  (request as { csrfToken?: string }).csrfToken = token;
  return token;
}

/** The token the client holds (or was just given in this response). */
export function currentCsrfToken(request: FastifyRequest): string | undefined {
  return (request as { csrfToken?: string }).csrfToken ?? cookiesOf(request)[CSRF_COOKIE];
}

function sameOrigin(request: FastifyRequest, origin: string, publicUrl: string): boolean {
  if (origin === new URL(publicUrl).origin) return true;
  return origin === `${request.protocol}://${request.host}`;
}

function tokensMatch(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Installs the check on every route of `app` (register it inside the /dashboard/api scope). */
export function registerCsrf(app: FastifyInstance, publicUrl: string): void {
  app.addHook('onRequest', async (request, reply) => {
    const cookie = cookiesOf(request)[CSRF_COOKIE];
    if (!WRITES.has(request.method)) {
      if (!cookie) issueCsrfToken(request, reply);
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(request, origin, publicUrl)) throw csrfRefused();
    const header = request.headers[CSRF_HEADER];
    if (!tokensMatch(cookie, typeof header === 'string' ? header : undefined)) throw csrfRefused();
  });
}
