// Key administration over HTTP (beyond the contract): Full Access only, validation as 422 with field paths, the
// secret shown once, tenant isolation, rotation and revocation effective on the next request, all audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

const beyond = { beyondContract: 'API key administration is not part of the public Lettr API' };

forEachDatabase('API key administration', (db) => {
  let h: Harness;
  let team: number;
  let admin: string;
  before(async () => {
    h = await startHarness(db());
    team = await h.createTeam('Keys');
    admin = (await h.createKey(team)).key;
  });
  after(() => h.close());

  test('create: the secret once, then only its prefix and suffix', async () => {
    const r = await h.api.post('/api/api-keys', admin, { name: 'prod sender', permission: 'sending_only', allowed_ips: '203.0.113.0/24, 2001:db8::1' }, beyond);
    assert.equal(r.status, 201);
    assert.match(r.json.data.key, /^lttr_[0-9A-Za-z]{64}$/);
    assert.deepEqual(r.json.data.scopes, ['emails:send', 'sms:send', 'whatsapp:send']);
    assert.deepEqual(r.json.data.allowed_ips, ['203.0.113.0/24', '2001:db8::1']);
    const list = await h.api.get('/api/api-keys', admin, beyond);
    assert.ok(!list.text.includes(r.json.data.key.slice(12, -4)));
    const shown = list.json.data.api_keys.find((k: { id: number }) => k.id === r.json.data.id);
    assert.equal(shown.display, `${r.json.data.key.slice(0, 12)}…${r.json.data.key.slice(-4)}`);
    const audit = await h.api.get('/api/audit-events?action=api_key.created', admin, beyond);
    const entry = audit.json.data.events[0];
    assert.equal(entry.actor.type, 'api_key');
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(entry.target.id, String(r.json.data.id));
  });

  test('malformed IP entries, unknown scopes and missing fields are a 422 with field paths', async () => {
    const r = await h.api.post('/api/api-keys', admin, { permission: 'custom', scopes: ['emails:send', 'emails:teleport'], allowed_ips: ['10.0.0.1', '10.0.0.0/33', 'localhost'] }, beyond);
    assert.equal(r.status, 422);
    assert.equal(r.json.error_code, 'validation_error');
    assert.deepEqual(Object.keys(r.json.errors).sort(), ['allowed_ips.1', 'allowed_ips.2', 'name', 'scopes.1']);
    const custom = await h.api.post('/api/api-keys', admin, { name: 'x', permission: 'custom' }, beyond);
    assert.deepEqual(custom.json.errors, { scopes: ['The scopes field is required when permission is custom.'] });
  });

  test('IP rules mean what they show: host bits cleared, a lone 0.0.0.0/0 is unrestricted, other /0 and leading zeros refused', async () => {
    const r = await h.api.post('/api/api-keys', admin, { name: 'fenced', permission: 'sending_only', allowed_ips: '10.0.0.1/24, 2001:db8::1/32' }, beyond);
    assert.equal(r.status, 201);
    assert.deepEqual(r.json.data.allowed_ips, ['10.0.0.0/24', '2001:db8::/32']);
    // The IPv6 rule does not admit IPv4 clients; the IPv4 range admits its whole /24.
    assert.equal((await h.api.get('/api/auth/check', r.json.data.key, { remoteAddress: '10.0.0.200' })).status, 200);
    assert.equal((await h.api.get('/api/auth/check', r.json.data.key, { remoteAddress: '2001:db8:5::1' })).status, 200);
    const open = await h.api.post('/api/api-keys', admin, { name: 'open', permission: 'sending_only', allowed_ips: ['0.0.0.0/0'] }, beyond);
    assert.deepEqual([open.json.data.allowed_ips, open.json.data.ip_restricted], [[], false]);
    const ipv6Any = await h.api.request({ method: 'PATCH', url: `/api/api-keys/${r.json.data.id}`, key: admin, body: { allowed_ips: ['::/0'] }, ...beyond });
    assert.deepEqual([ipv6Any.json.data.allowed_ips, ipv6Any.json.data.ip_restricted], [[], false]);
    const bad = await h.api.post('/api/api-keys', admin, { name: 'sloppy', permission: 'sending_only', allowed_ips: ['203.0.113.5', '0.0.0.0/0', '10.0.0.0/08', '::/0'] }, beyond);
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['allowed_ips.1', 'allowed_ips.2', 'allowed_ips.3']);
    const ipv6Only = await h.api.post('/api/api-keys', admin, { name: 'v6', permission: 'sending_only', allowed_ips: ['::/1'] }, beyond);
    assert.equal((await h.api.get('/api/auth/check', ipv6Only.json.data.key, { remoteAddress: '10.0.0.9', beyondContract: 'IP 403' })).status, 403);
  });

  test('only Full Access live keys administer keys', async () => {
    const sending = await h.createKey(team, { permission: 'sending_only' });
    const custom = await h.createKey(team, { permission: 'custom', scopes: ['emails:send', 'emails:read', 'domains:read', 'domains:write', 'templates:read', 'templates:write', 'webhooks:read', 'webhooks:write', 'projects:read'] });
    const sandbox = await h.createKey(team, { type: 'sandbox' });
    for (const k of [sending.key, custom.key]) {
      const r = await h.api.get('/api/api-keys', k, beyond);
      assert.equal(r.status, 403);
      assert.equal(r.json.error_code, 'insufficient_scope');
    }
    const sb = await h.api.get('/api/api-keys', sandbox.key, beyond);
    assert.equal(sb.json.error_code, 'sandbox_restricted');
  });

  test('a key of another team is not found, and cannot be changed', async () => {
    const other = await h.createTeam('Other');
    const foreign = await h.createKey(other);
    for (const r of [
      await h.api.get(`/api/api-keys/${foreign.id}`, admin, beyond),
      await h.api.request({ method: 'PATCH', url: `/api/api-keys/${foreign.id}`, key: admin, body: { name: 'mine now' }, ...beyond }),
      await h.api.post(`/api/api-keys/${foreign.id}/rotate`, admin, {}, beyond),
      await h.api.delete(`/api/api-keys/${foreign.id}`, admin, beyond),
    ]) {
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, { message: 'API key not found.', error_code: 'not_found' });
    }
    assert.equal((await h.api.get('/api/auth/check', foreign.key)).status, 200, 'untouched');
    const audit = await h.api.get('/api/audit-events', admin, beyond);
    assert.ok(!audit.json.data.events.some((e: { team_id: number }) => e.team_id === other));
  });

  test('permission change, rotation with grace, revocation: effective on the next request', async () => {
    const k = (await h.api.post('/api/api-keys', admin, { name: 'rotating', permission: 'full_access' }, beyond)).json.data;
    assert.equal((await h.api.get('/api/api-keys', k.key, beyond)).status, 200);
    const patched = await h.api.request({ method: 'PATCH', url: `/api/api-keys/${k.id}`, key: admin, body: { permission: 'custom', scopes: ['emails:read'] }, ...beyond });
    assert.deepEqual(patched.json.data.scopes, ['emails:read']);
    assert.equal((await h.api.get('/api/api-keys', k.key, beyond)).status, 403);

    const rotated = await h.api.post(`/api/api-keys/${k.id}/rotate`, admin, { grace: '10m' }, beyond);
    assert.equal(rotated.status, 201);
    assert.equal(rotated.json.data.previous.status, 'expiring');
    assert.deepEqual(rotated.json.data.scopes, ['emails:read']);
    assert.equal((await h.api.get('/api/auth/check', k.key)).status, 200);
    h.clock.advance(10 * 60_000 + 1);
    assert.equal((await h.api.get('/api/auth/check', k.key, { remoteAddress: '10.1.1.1' })).status, 401);
    assert.equal((await h.api.get('/api/auth/check', rotated.json.data.key)).status, 200);

    const revoked = await h.api.delete(`/api/api-keys/${rotated.json.data.id}`, admin, beyond);
    assert.equal(revoked.status, 200);
    assert.equal((await h.api.get('/api/auth/check', rotated.json.data.key, { remoteAddress: '10.1.1.2' })).status, 401);
    const bad = await h.api.post(`/api/api-keys/${rotated.json.data.id}/rotate`, admin, {}, beyond);
    assert.equal(bad.status, 422);
  });

  test('a key in its grace period still sends and reads, but cannot rotate itself again, create, change or revoke keys', async () => {
    const k = (await h.api.post('/api/api-keys', admin, { name: 'leaky', permission: 'full_access' }, beyond)).json.data;
    const other = (await h.api.post('/api/api-keys', admin, { name: 'bystander', permission: 'sending_only' }, beyond)).json.data;
    const rotated = await h.api.post(`/api/api-keys/${k.id}/rotate`, k.key, { grace: '1h' }, beyond);
    assert.equal(rotated.status, 201);
    const old = k.key as string;

    // Reads and sends as before.
    assert.equal((await h.api.get('/api/auth/check', old)).status, 200);
    assert.equal((await h.api.get('/api/api-keys', old, beyond)).status, 200);
    assert.equal((await h.api.get('/api/emails', old)).status, 200);

    // No escalation: every key-changing call is refused, the successor and bystanders untouched.
    const refusals = [
      await h.api.post(`/api/api-keys/${k.id}/rotate`, old, { grace: '0' }, beyond),
      await h.api.post(`/api/api-keys/${rotated.json.data.id}/rotate`, old, {}, beyond),
      await h.api.post('/api/api-keys', old, { name: 'persistence', permission: 'full_access' }, beyond),
      await h.api.request({ method: 'PATCH', url: `/api/api-keys/${other.id}`, key: old, body: { permission: 'full_access' }, ...beyond }),
      await h.api.delete(`/api/api-keys/${rotated.json.data.id}`, old, beyond),
    ];
    for (const r of refusals) {
      assert.equal(r.status, 403);
      assert.equal(r.json.error_code, 'insufficient_scope');
      assert.match(r.json.message, /grace period/);
    }
    assert.equal((await h.api.get('/api/auth/check', rotated.json.data.key)).status, 200);
    const bystander = (await h.api.get(`/api/api-keys/${other.id}`, admin, beyond)).json.data;
    assert.equal(bystander.permission, 'sending_only');
    // The successor administers keys; the old key may still retire itself.
    assert.equal((await h.api.post('/api/api-keys', rotated.json.data.key, { name: 'fine', permission: 'sending_only' }, beyond)).status, 201);
    assert.equal((await h.api.delete(`/api/api-keys/${k.id}`, old, beyond)).status, 200);
    assert.equal((await h.api.get('/api/auth/check', old, { remoteAddress: '10.1.1.3' })).status, 401);
  });

  test('grace is bounded: more than 30 days, or a value too large to be a date, is a 422, never a 500', async () => {
    const k = (await h.api.post('/api/api-keys', admin, { name: 'bounded', permission: 'sending_only' }, beyond)).json.data;
    for (const grace of ['31d', '745h', '99999999999999999999d', '1e9', 3600]) {
      const r = await h.api.post(`/api/api-keys/${k.id}/rotate`, admin, { grace }, beyond);
      assert.equal(r.status, 422, `grace ${JSON.stringify(grace)}`);
      assert.equal(r.json.error_code, 'validation_error');
      assert.ok(r.json.errors.grace, `grace ${JSON.stringify(grace)}`);
    }
    const ok = await h.api.post(`/api/api-keys/${k.id}/rotate`, admin, { grace: '30d' }, beyond);
    assert.equal(ok.status, 201);
  });
});
