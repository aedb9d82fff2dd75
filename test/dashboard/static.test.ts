// Lettr serves the built dashboard at `/` (issue 13 point 10): index.html with a strict CSP for `/` and every
// client-side route (refresh on /t/1/api-keys works), hashed assets cached for good and sent gzipped when asked,
// unknown /api and /dashboard/api paths still JSON 404s, and a clear page when the app was never built.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { dashboardStaticRoutes } from '../../src/dashboard/static-routes.js';
import { ensureDashboardBuilt } from '../helpers/chromium.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

forEachDatabase('dashboard static files', (db) => {
  let h: Harness;
  before(async () => {
    await ensureDashboardBuilt();
    h = await startHarness(db());
  });
  after(() => h.close());

  test('`/` and client-side routes answer index.html with a strict CSP and no caching', async () => {
    for (const url of ['/', '/sign-in', '/t/1/api-keys', '/account?two_factor=required']) {
      const r = await h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /^text\/html/);
      assert.match(r.body, /<div id="root"><\/div>/);
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline or remote script');
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /img-src 'self' data:(;|$)/, 'no remote images');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['cache-control'], 'no-cache');
    }
  });

  test('the page loads no inline script', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/' });
    const scripts = [...r.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, /\bsrc="\/assets\//);
      assert.equal(body!.trim(), '');
    }
  });

  test('hashed assets are immutable and served pre-compressed', async () => {
    const index = (await h.app.inject({ method: 'GET', url: '/' })).body;
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const plain = await h.app.inject({ method: 'GET', url: asset });
    assert.equal(plain.statusCode, 200);
    assert.match(String(plain.headers['content-type']), /javascript/);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    const gz = await h.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.rawPayload.length < plain.rawPayload.length);
  });

  test('unknown API paths stay JSON 404s; known API routes are untouched', async () => {
    for (const url of ['/api/nope', '/api', '/API/EMAILS', '/Dashboard/Api/nope', '/dashboard/api/nope', '/dashboard/api/teams/1/nope']) {
      const r = await h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(r.statusCode, 404, url);
      assert.deepEqual(r.json(), { message: 'Not found.', error_code: 'not_found' }, url);
    }
    assert.equal((await h.app.inject({ method: 'POST', url: '/nope' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/health' })).json().data.status, 'ok');
    assert.equal((await h.app.inject({ method: 'GET', url: '/dashboard/api/me' })).statusCode, 401);
  });
});

test('without a build, browser paths explain how to build the dashboard', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-web-'));
  const app = Fastify();
  await app.register(dashboardStaticRoutes(empty));
  try {
    const r = await app.inject({ method: 'GET', url: '/t/1/domains' });
    assert.equal(r.statusCode, 503);
    assert.match(r.body, /npm run build:web/);
    assert.equal((await app.inject({ method: 'GET', url: '/api/x' })).statusCode, 404);
  } finally {
    await app.close();
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
