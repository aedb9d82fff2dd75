// Issue 18 §5: /api/openapi.json serves the contract plus our extensions as one document (the one the contract harness
// validates every API test's responses against), every /api route is in it, every $ref resolves; /api/docs renders it
// with Swagger UI served from the installed package (no CDN, a strict CSP).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadContract } from './helpers/contract.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

type Json = any;

function refsIn(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) k === '$ref' ? out.push(v as string) : refsIn(v, out);
  return out;
}

const resolvePointer = (doc: Json, ref: string) => ref.slice(2).split('/').reduce((n: Json, key) => n?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

forEachDatabase('API docs', (db) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(db(), { LETTR_PUBLIC_URL: 'https://mail.example.com' });
  });
  after(() => h.close());

  test('/api/openapi.json: one OpenAPI 3.1 document, refs resolve, served to anyone, with this server as its server', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(doc.servers, [{ url: 'https://mail.example.com/api', description: 'This server' }]);
    for (const ref of new Set(refsIn(doc))) {
      assert.ok(ref.startsWith('#/'), `local refs only: ${ref}`);
      assert.ok(resolvePointer(doc, ref) !== undefined, `${ref} resolves`);
    }
    const ids = new Set<string>();
    for (const [p, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        assert.ok(op.responses && Object.keys(op.responses).length, `${method} ${p} lists responses`);
        assert.ok(op.operationId && !ids.has(op.operationId), `${method} ${p} has a unique operationId`);
        ids.add(op.operationId);
      }
    }
    // The contract is served unchanged: every contract operation is there as the contract defines it.
    const harness = loadContract().doc;
    assert.deepEqual(doc.paths['/emails'].post, harness.paths['/emails'].post);
    assert.ok(doc.components.schemas.ErrorCode.enum.includes('rate_limit_exceeded'));
  });

  test('every /api route the server answers is documented (contract or extension)', () => {
    const doc = loadContract().doc;
    const missing: string[] = [];
    for (const r of h.app.routeScopes.filter((x) => x.url.startsWith('/api/') && x.credential !== 'session')) {
      const template = r.url.slice('/api'.length).replace(/:([^/]+)/g, '{$1}');
      const item = doc.paths[template] ?? Object.entries<Json>(doc.paths).find(([p]) => p.replace(/\{[^}]+\}/g, '{}') === template.replace(/\{[^}]+\}/g, '{}'))?.[1];
      if (!item?.[r.method.toLowerCase()]) missing.push(`${r.method} ${r.url}`);
    }
    assert.deepEqual(missing.filter((m) => !m.includes('/docs/')), [], 'add them to contract/lettr-extensions.json');
  });

  test('/api/docs renders with the bundled Swagger UI: no CDN, a strict CSP', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'nothing loads from another origin');
    for (const src of [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      const asset = await h.app.inject({ method: 'GET', url: src });
      assert.equal(asset.statusCode, 200, src);
      assert.ok(asset.rawPayload.length > 20, src);
    }
    const init = await h.app.inject({ method: 'GET', url: '/api/docs/init.js' });
    assert.match(init.body, /url: '\/api\/openapi\.json'/);
    const bundle = await h.app.inject({ method: 'GET', url: '/api/docs/swagger-ui-bundle.js' });
    assert.ok(bundle.rawPayload.length > 500_000, 'the real Swagger UI bundle');
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/docs/package.json' })).statusCode, 404, 'only the two assets are served');
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/docs/..%2F..%2Fpackage.json' })).statusCode, 404);
  });
});
