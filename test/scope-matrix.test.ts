// Table-driven walk of the endpoint → scope matrix: each preset, several custom scope sets and sandbox keys against
// every route, allowed and denied. Allowed means the request passed the auth gate (the handler may still answer
// 404/422 for the probe's empty body); denied means the exact canonical 403 body.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { grants, sandboxAllows, type Permission } from '../src/auth/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { ROUTES } from './scope-matrix.js';

interface Profile {
  name: string;
  permission: Permission;
  scopes?: string[];
  sandbox?: boolean;
}

const PROFILES: Profile[] = [
  { name: 'Full Access', permission: 'full_access' },
  { name: 'Sending Only', permission: 'sending_only' },
  { name: 'custom emails:read', permission: 'custom', scopes: ['emails:read'] },
  { name: 'custom domains:*', permission: 'custom', scopes: ['domains:read', 'domains:write'] },
  { name: 'custom templates:read+projects:read', permission: 'custom', scopes: ['templates:read', 'projects:read'] },
  { name: 'custom webhooks:write', permission: 'custom', scopes: ['webhooks:write'] },
  { name: 'sandbox Full Access', permission: 'full_access', sandbox: true },
  { name: 'sandbox Sending Only', permission: 'sending_only', sandbox: true },
];

forEachDatabase('scope matrix', (db) => {
  let h: Harness;
  const keys = new Map<string, string>();
  before(async () => {
    h = await startHarness(db());
    for (const p of PROFILES) {
      // One team per profile so sandbox per-team limits never interfere with the walk.
      const team = await h.createTeam(p.name);
      keys.set(p.name, (await h.createKey(team, { permission: p.permission, scopes: p.scopes, type: p.sandbox ? 'sandbox' : 'live' })).key);
    }
  });
  after(() => h.close());

  for (const route of ROUTES) {
    for (const p of PROFILES) {
      const allowed = grants(p.permission, p.scopes ?? [], route.scope) && (!p.sandbox || sandboxAllows(route.scope));
      test(`${route.method} ${route.url} with ${p.name}: ${allowed ? 'allowed' : 'denied'}`, async () => {
        const r = await h.api.request({
          method: route.method, url: route.url, key: keys.get(p.name), body: route.body ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {}),
          beyondContract: 'probing the auth gate: the status depends on the empty probe body',
        });
        if (allowed) {
          assert.ok(![401, 403].includes(r.status), `expected to pass the gate, got ${r.status} ${r.text}`);
        } else if (p.sandbox && !sandboxAllows(route.scope)) {
          assert.equal(r.status, 403);
          assert.deepEqual(r.json, { status: 'error', error_code: 'sandbox_restricted', message: 'Sandbox API keys are restricted to email sending and read-only endpoints.' });
        } else {
          assert.equal(r.status, 403);
          assert.equal(r.text, '{"message":"Your API key does not have the required permissions for this action.","error_code":"insufficient_scope"}');
        }
      });
    }
  }

  test('every authenticated /api route of the app has a row, with the scope it declares', () => {
    const routes = h.app.routeScopes.filter((r) => r.credential === 'api_key');
    const params = (url: string) => (url.match(/:/g) ?? []).length;
    // The route that serves a row's URL: the matching one with the fewest parameters (literal segments win).
    const owner = (row: (typeof ROUTES)[number]) =>
      routes
        .filter((r) => r.method === row.method && new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+')}$`).test(row.url))
        .sort((a, b) => params(a.url) - params(b.url))[0];
    for (const r of routes) {
      const rows = ROUTES.filter((row) => owner(row) === r);
      assert.ok(rows.length > 0, `${r.method} ${r.url} has no row in test/scope-matrix.ts`);
      for (const row of rows) assert.equal(row.scope, r.scope, `${r.method} ${r.url}`);
    }
  });
});
