// Request bodies as real clients send them. Every route says whether it takes a body (`config.body`); the contract is
// the reference for /api (test/client-habits.test.ts checks each route against it):
//   'json'     — a JSON body is required: empty → 422, another media type → 422 naming application/json.
//   'optional' — an empty body is fine whatever the Content-Type; a non-empty one must be JSON.
//   'none'     — any body is ignored, whatever its Content-Type: SDKs and HTTP wrappers send
//                `Content-Type: application/json` on every request, and the hosted API ignores what it does not read.
// Defaults follow the method: POST/PUT/PATCH take JSON, DELETE takes none. Media types match case-insensitively with
// any parameters (`application/json; charset=utf-8`); a UTF-8 byte order mark before the JSON is tolerated.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationFailed } from './errors.js';

export type BodyKind = 'json' | 'optional' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Whether the route reads a request body; see src/http/bodies.ts. */
    body?: BodyKind;
  }
  interface FastifyInstance {
    /** Every route with the body kind it declares (the client-habits test compares /api routes with the contract). */
    routeBodies: Array<{ method: string; url: string; body: BodyKind }>;
  }
}

const TAKES_JSON = new Set(['POST', 'PUT', 'PATCH']);

export const EXPECTED_MEDIA_TYPE = 'application/json';

export const wrongMediaType = () =>
  validationFailed({ body: [`The request body must be sent with Content-Type: ${EXPECTED_MEDIA_TYPE}.`] });

export const invalidJson = () => validationFailed({ body: ['The request body must be valid JSON.'] });

class RefusedBody {
  constructor(readonly error: Error) {}
}

/** The body kind of the route a request matched (a 404 reads no body). */
function bodyKindOf(request: FastifyRequest): BodyKind {
  if (request.is404) return 'none';
  return (request.routeOptions.config as { body?: BodyKind } | undefined)?.body ?? (TAKES_JSON.has(request.method) ? 'json' : 'none');
}

export function registerBodyRules(app: FastifyInstance): void {
  const routeBodies: FastifyInstance['routeBodies'] = [];
  app.decorate('routeBodies', routeBodies);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'GET' || method === 'OPTIONS') continue;
      const declared = (route.config as { body?: BodyKind } | undefined)?.body;
      const body = declared ?? (TAKES_JSON.has(method) ? 'json' : 'none');
      // A copy: routes often share one options object (`const full = { config: … }`), which must not carry one
      // route's default to the next.
      if (!declared) route.config = { ...route.config, body } as typeof route.config;
      routeBodies.push({ method, url: route.url, body });
    }
  });

  // A Content-Type header that does not even parse would be refused by Fastify before any parser runs; on a route
  // that reads no body the header means nothing, so it is dropped.
  app.addHook('onRequest', async (request) => {
    if (request.headers['content-type'] !== undefined && bodyKindOf(request) === 'none') delete request.headers['content-type'];
  });

  // A refused body travels as a value and is thrown before validation: an error from the parser itself would make
  // Fastify close the connection (it cannot know the body was read), losing a keep-alive or pipelining client's
  // following requests over one bad body.
  app.addHook('preValidation', async (request) => {
    if (request.body instanceof RefusedBody) throw request.body.error;
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const kind = bodyKindOf(request);
    const buf = body as Buffer;
    if (kind === 'none' || (kind === 'optional' && buf.length === 0)) return done(null, undefined);
    if (buf.length === 0) return done(null, new RefusedBody(invalidJson()));
    parseJson(request, buf.toString('utf8'), (err, value) => done(null, err ? new RefusedBody(invalidJson()) : value));
  });
  // Everything else, including a body without any Content-Type.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const kind = bodyKindOf(request);
    if (kind === 'none' || (kind === 'optional' && (body as Buffer).length === 0)) return done(null, undefined);
    done(null, new RefusedBody(wrongMediaType()));
  });
}
