// The dashboard's single-page app, built by Vite into web/dist (`npm install` runs the build, see package.json's
// `prepare`), served at `/`. Hashed assets are cached for good; every other browser path that is not an API path gets
// index.html so client-side routes (/t/1/api-keys, /sign-in…) survive a refresh. API paths keep their JSON 404s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './headers.js';

/** web/dist relative to this file: src/dashboard → ../../web/dist, and the same from dist/dashboard. */
export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

// Any case: `/API/EMAILS` is a mistyped API call, not a dashboard page.
const API_PATH = /^\/(?:dashboard\/)?api(?:\/|$)/i;

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Lettr</title><p>The dashboard is not built. Run <code>npm run build:web</code> (npm install does it) and restart Lettr.</p>';

function withSecurityHeaders(reply: FastifyReply): FastifyReply {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  return reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
}

export function dashboardStaticRoutes(webDir = DEFAULT_WEB_DIR) {
  return async (app: FastifyInstance) => {
    const built = fs.existsSync(path.join(webDir, 'index.html'));
    if (built) {
      await app.register(fastifyStatic, {
        root: webDir,
        // Only files present at startup get routes; the catch-all below answers the rest.
        wildcard: false,
        index: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders(reply, filePath) {
          const immutable = filePath.startsWith(path.join(webDir, 'assets') + path.sep);
          reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
          for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
        },
      });
    }

    app.get('/*', async (request, reply) => {
      if (API_PATH.test(request.url)) return reply.code(404).send({ message: 'Not found.', error_code: 'not_found' });
      withSecurityHeaders(reply).header('cache-control', 'no-cache');
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
    app.get('/', async (_request, reply) => {
      withSecurityHeaders(reply).header('cache-control', 'no-cache');
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
  };
}
