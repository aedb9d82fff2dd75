// Paths no route serves answer the contract's 404 shape on every method (HEAD: the same status, no body). OPTIONS on a
// path that exists answers 204 with `Allow` (the methods are the public contract) and nothing else: no body, no
// credential check, no CORS headers unless LETTR_CORS_ORIGINS names origins (then @fastify/cors answers preflights).
import type { FastifyInstance } from 'fastify';

interface KnownPath { pattern: RegExp; methods: Set<string> }

const patternOf = (url: string) =>
  new RegExp(`^${url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);

export function registerNotFound(app: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const entry = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const m of [route.method].flat()) entry.methods.add(m);
    known.set(route.url, entry);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'OPTIONS') {
      const path = request.url.split('?')[0]!;
      const methods = new Set<string>();
      for (const k of known.values()) if (k.pattern.test(path)) for (const m of k.methods) methods.add(m);
      if (methods.size) return reply.code(204).header('Allow', [...methods, 'OPTIONS'].join(', ')).send();
    }
    return reply.code(404).send({ message: 'Not found.', error_code: 'not_found' });
  });
}
