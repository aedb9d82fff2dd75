// Headers every response carries (issue 11 §8). nosniff stops a browser from running an error body or a stored
// message as script; no-referrer keeps dashboard and API URLs out of other sites' logs. API responses are never
// cached: some carry secrets shown once (a new key, a webhook secret, recovery codes), and a shared cache or the
// browser's disk must not keep a copy, so every /api and /dashboard/api answer says no-store.
import type { FastifyInstance } from 'fastify';

const NO_STORE_PREFIXES = ['/api', '/dashboard/api'];

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    const path = request.url.split('?', 1)[0]!;
    if (NO_STORE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
