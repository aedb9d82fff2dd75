// GET /api/openapi.json (the merged document, src/system/openapi.ts) and GET /api/docs: Swagger UI from the
// swagger-ui-dist package installed with Lettr (no CDN: the page works offline and sends nothing elsewhere).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { apiDocument } from './openapi.js';

const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

function assetDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Lettr API reference</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so a strict Content-Security-Policy (script-src 'self') holds.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: false });\n`;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'";

export function docsRoutes(ctx: AppContext) {
  const served = () => ({ ...apiDocument(), servers: [{ url: `${ctx.config.publicUrl}/api`, description: 'This server' }] });
  let body: string | undefined;
  return async (app: FastifyInstance) => {
    const open = { config: { auth: 'none' as const } };
    app.get('/openapi.json', open, async (_request, reply) => {
      body ??= JSON.stringify(served());
      return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(body);
    });
    app.get('/docs', open, async (_request, reply) =>
      reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', CSP).send(PAGE));
    app.get('/docs/init.js', open, async (_request, reply) =>
      reply.header('content-type', 'application/javascript; charset=utf-8').send(INIT));
    app.get<{ Params: { asset: string } }>('/docs/:asset', open, async (request, reply) => {
      const type = ASSETS[request.params.asset];
      if (!type) return reply.code(404).send({ message: 'Not found.', error_code: 'not_found' });
      return reply.header('content-type', type).header('cache-control', 'public, max-age=86400')
        .send(fs.createReadStream(path.join(assetDir(), request.params.asset)));
    });
  };
}
