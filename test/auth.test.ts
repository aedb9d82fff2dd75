// The auth hook end to end on each database: canonical 401/403 bodies, IP rules, revocation, expiry, rotation overlap,
// the failed-auth throttle, rate limits, sandbox gating, cross-team isolation and the audit trail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { revokeApiKey, rotateApiKey, updateApiKey } from '../src/auth/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

const cli = { actor: { type: 'system' as const, via: 'test' } };

forEachDatabase('API authentication behind a proxy', (db) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(db(), { LETTR_TRUST_PROXY: '127.0.0.1' });
  });
  after(() => h.close());

  test('a non-IP X-Forwarded-For value is ignored: failures count under the connecting address', async () => {
    const key = (i: number) => `lttr_J${i}${'A'.repeat(61)}${i}`;
    for (let i = 0; i < 5; i++) {
      const r = await h.api.get('/api/auth/check', key(i), { headers: { 'x-forwarded-for': `not-an-ip-${i}` } });
      assert.equal(r.status, 401);
    }
    const r = await h.api.get('/api/auth/check', key(7), { headers: { 'x-forwarded-for': 'yet-another' }, beyondContract: '429 throttle' });
    assert.equal(r.status, 429, 'made-up header values are not fresh addresses');
    const recorded = await h.ctx.db.kysely.selectFrom('auth_failures').select('ip').execute();
    assert.deepEqual([...new Set(recorded.map((f) => f.ip))], ['127.0.0.1']);
    // A real address from the trusted proxy is still the client.
    assert.equal((await h.api.get('/api/auth/check', key(8), { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 401);
  });
});

forEachDatabase('API authentication', (db) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(db());
  });
  after(() => h.close());

  test('health needs no key', async () => {
    const r = await h.api.get('/api/health');
    assert.equal(r.status, 200);
    assert.equal(r.json.message, 'Health check passed.');
  });

  test('401 bodies are exactly the contract\'s', async () => {
    const missing = await h.api.get('/api/auth/check');
    assert.equal(missing.status, 401);
    assert.equal(missing.text, '{"message":"API key is required."}');
    const basic = await h.api.get('/api/auth/check', undefined, { headers: { authorization: 'Basic eDp5' }, remoteAddress: '10.9.0.1' });
    assert.equal(basic.text, '{"message":"API key is required."}');
    const invalid = await h.api.get('/api/auth/check', 'lttr_' + 'x'.repeat(64), { remoteAddress: '10.9.0.2' });
    assert.equal(invalid.status, 401);
    assert.equal(invalid.text, '{"message":"Invalid API key."}');
    const quoted = await h.api.get('/api/auth/check', undefined, { headers: { authorization: 'Bearer "lttr_abc"' }, remoteAddress: '10.9.0.3' });
    assert.equal(quoted.text, '{"message":"Invalid API key."}');
  });

  test('a valid key reaches its own team and nothing else', async () => {
    const a = await h.createTeam('A');
    const b = await h.createTeam('B');
    const keyA = await h.createKey(a);
    const keyB = await h.createKey(b);
    assert.equal((await h.api.get('/api/auth/check', keyA.key)).json.data.team_id, a);
    assert.equal((await h.api.get('/api/auth/check', keyB.key)).json.data.team_id, b);
  });

  test('IP restrictions: listed address and CIDR pass, others get the canonical 403', async () => {
    const team = await h.createTeam();
    const { key } = await h.createKey(team, { allowedIps: ['203.0.113.50', '198.51.100.0/24', '2001:db8::/32'] });
    for (const ip of ['203.0.113.50', '198.51.100.1', '198.51.100.255', '2001:db8::7', '::ffff:203.0.113.50']) {
      assert.equal((await h.api.get('/api/auth/check', key, { remoteAddress: ip })).status, 200, ip);
    }
    for (const ip of ['203.0.113.51', '198.51.101.1', '2001:db9::1']) {
      const r = await h.api.get('/api/auth/check', key, { remoteAddress: ip, beyondContract: 'GET /auth/check lists no 403; IP rules are cross-cutting' });
      assert.equal(r.status, 403, ip);
      assert.equal(r.text, '{"message":"Access denied. Your IP address is not allowed."}');
    }
  });

  test('X-Forwarded-For is ignored unless LETTR_TRUST_PROXY names the proxy', async () => {
    const team = await h.createTeam();
    const { key } = await h.createKey(team, { allowedIps: ['203.0.113.9'] });
    const spoofed = await h.api.get('/api/auth/check', key, { remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': '203.0.113.9' }, beyondContract: 'IP 403' });
    assert.equal(spoofed.status, 403);
    const proxied = await startHarness(db(), { LETTR_TRUST_PROXY: '192.0.2.1' });
    try {
      const r = await proxied.api.get('/api/auth/check', key, { remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(r.status, 200);
    } finally {
      await proxied.close();
    }
  });

  test('revocation and permission changes apply on the next request', async () => {
    const team = await h.createTeam();
    const k = await h.createKey(team);
    assert.equal((await h.api.get('/api/auth/check', k.key)).status, 200);
    await updateApiKey(h.ctx.db.kysely, k.id, { permission: 'custom', scopes: ['domains:read'] }, cli);
    assert.equal((await h.api.get('/api/auth/check', k.key)).status, 200, 'auth/check needs any valid key');
    await revokeApiKey(h.ctx.db.kysely, k.id, cli);
    const r = await h.api.get('/api/auth/check', k.key, { remoteAddress: '10.9.1.1' });
    assert.equal(r.status, 401);
    assert.equal(r.json.message, 'Invalid API key.');
  });

  test('an expired key is refused', async () => {
    const team = await h.createTeam();
    const k = await h.createKey(team, { expiresAt: h.clock.now() + 1000 });
    assert.equal((await h.api.get('/api/auth/check', k.key)).status, 200);
    h.clock.advance(1001);
    assert.equal((await h.api.get('/api/auth/check', k.key, { remoteAddress: '10.9.2.1' })).status, 401);
  });

  test('rotation: both keys work during the grace period, then only the successor', async () => {
    const team = await h.createTeam();
    const old = await h.createKey(team, { permission: 'custom', scopes: ['emails:send'], allowedIps: ['127.0.0.1'] });
    const r = await rotateApiKey(h.ctx.db.kysely, old.id, 60_000, cli, h.clock.now());
    assert.ok(r.ok);
    const successor = r.value;
    assert.equal(successor.row.name, 'test key');
    assert.equal(successor.row.scopes, JSON.stringify(['emails:send']));
    assert.equal(successor.row.allowed_ips, JSON.stringify(['127.0.0.1']));
    assert.equal(successor.row.rotated_from_id, old.id);
    assert.equal((await h.api.get('/api/auth/check', old.key)).status, 200);
    assert.equal((await h.api.get('/api/auth/check', successor.key)).status, 200);
    h.clock.advance(60_001);
    assert.equal((await h.api.get('/api/auth/check', old.key, { remoteAddress: '10.9.3.1' })).status, 401);
    assert.equal((await h.api.get('/api/auth/check', successor.key)).status, 200);
    const now0 = await rotateApiKey(h.ctx.db.kysely, successor.row.id, 0, cli, h.clock.now());
    assert.ok(now0.ok);
    assert.equal((await h.api.get('/api/auth/check', successor.key, { remoteAddress: '10.9.3.2' })).status, 401, 'grace 0 = expires now');
  });

  const unknownKey = (tag: string, i: number) => `lttr_${tag}${'A'.repeat(63 - tag.length)}${i}`;

  test('5 failures in 5 minutes block failing attempts from that IP for 15 minutes with Retry-After; a valid key still works there', async () => {
    const team = await h.createTeam();
    const good = await h.createKey(team);
    const ip = '198.18.0.77';
    for (let i = 0; i < 5; i++) {
      const r = await h.api.get('/api/auth/check', unknownKey(`B${i}`, i), { remoteAddress: ip });
      assert.equal(r.status, 401);
    }
    const blocked = await h.api.get('/api/auth/check', unknownKey('C', 9), { remoteAddress: ip, beyondContract: '429 throttle is cross-cutting' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.error_code, 'rate_limit_exceeded');
    const retryAfter = Number(blocked.headers['retry-after']);
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, String(retryAfter));
    // The customer's working key behind the same address (a shared NAT, a proxy) is not locked out.
    assert.equal((await h.api.get('/api/auth/check', good.key, { remoteAddress: ip })).status, 200, 'a valid key is never blocked');
    assert.equal((await h.api.get('/api/auth/check', unknownKey('D', 1), { remoteAddress: '198.18.0.78' })).status, 401, 'other IPs unaffected');
    h.clock.advance(15 * 60_000 + 1);
    assert.equal((await h.api.get('/api/auth/check', unknownKey('E', 1), { remoteAddress: ip })).status, 401, 'the block ends');
    const failures = await h.ctx.db.kysely.selectFrom('auth_failures').selectAll().where('ip', '=', ip).orderBy('id').execute();
    assert.equal(failures.length, 6);
    assert.equal(failures[0]!.key_prefix, 'lttr_B0AAAAA');
    assert.equal(failures[0]!.reason, 'unknown_key');
  });

  test('a key that keeps failing is blocked by its prefix from any address', async () => {
    const team = await h.createTeam();
    const leaked = await h.createKey(team);
    await revokeApiKey(h.ctx.db.kysely, leaked.id, cli, h.clock.now());
    for (let i = 0; i < 5; i++) {
      assert.equal((await h.api.get('/api/auth/check', leaked.key, { remoteAddress: `198.18.1.${i + 1}` })).status, 401);
    }
    const r = await h.api.get('/api/auth/check', leaked.key, { remoteAddress: '198.18.1.200', beyondContract: '429 throttle is cross-cutting' });
    assert.equal(r.status, 429);
    const other = await h.createKey(team);
    assert.equal((await h.api.get('/api/auth/check', other.key, { remoteAddress: '198.18.1.200' })).status, 200);
  });

  test('IP-not-allowed answers do not count toward the block', async () => {
    const team = await h.createTeam();
    const fenced = await h.createKey(team, { allowedIps: ['10.1.2.3'] });
    const ip = '198.18.2.9';
    for (let i = 0; i < 8; i++) {
      assert.equal((await h.api.get('/api/auth/check', fenced.key, { remoteAddress: ip, beyondContract: 'IP rules are cross-cutting' })).status, 403);
    }
    assert.equal((await h.api.get('/api/auth/check', unknownKey('F', 1), { remoteAddress: ip })).status, 401, 'not blocked');
    assert.equal((await h.api.get('/api/auth/check', fenced.key, { remoteAddress: '10.1.2.3' })).status, 200);
    const recorded = await h.ctx.db.kysely.selectFrom('auth_failures').select('reason').where('ip', '=', ip).execute();
    assert.equal(recorded.filter((f) => f.reason === 'ip_not_allowed').length, 8, 'still recorded for the security log');
  });

  test('IPv6 failures count per /64', async () => {
    for (let i = 0; i < 5; i++) {
      assert.equal((await h.api.get('/api/auth/check', unknownKey(`G${i}`, i), { remoteAddress: `2001:db8:77:1::${i + 1}` })).status, 401);
    }
    const sameNet = await h.api.get('/api/auth/check', unknownKey('H', 1), { remoteAddress: '2001:db8:77:1:ffff:1:2:3', beyondContract: '429 throttle' });
    assert.equal(sameNet.status, 429, 'a new address in the same /64 is the same subscriber');
    assert.equal((await h.api.get('/api/auth/check', unknownKey('I', 1), { remoteAddress: '2001:db8:77:2::1' })).status, 401, 'the next /64 is not');
  });

  test('rate limit headers on every authenticated response, 429 with Retry-After past the limit', async () => {
    const team = await h.createTeam();
    await h.ctx.db.kysely.updateTable('teams').set({ rate_limit_per_second: 3 }).where('id', '=', team).execute();
    const { key } = await h.createKey(team);
    h.clock.freeze();
    try {
      const responses = [];
      for (let i = 0; i < 5; i++) {
        const r = await h.api.get('/api/auth/check', key, { beyondContract: 'may be 429' });
        assert.equal(r.headers['x-ratelimit-limit'], '3');
        assert.ok(Number(r.headers['x-ratelimit-reset']) >= Math.floor(h.clock.now() / 1000));
        responses.push(r);
      }
      assert.deepEqual(responses.map((r) => r.status), [200, 200, 200, 429, 429]);
      assert.deepEqual(responses.map((r) => r.headers['x-ratelimit-remaining']), ['2', '1', '0', '0', '0']);
      const over = responses[3]!;
      assert.equal(over.json.error_code, 'rate_limit_exceeded');
      assert.equal(over.json.message, 'Rate limit exceeded. Please slow down your requests.');
      assert.equal(over.headers['retry-after'], '1');
    } finally {
      h.clock.thaw();
    }
    h.clock.advance(1000);
    assert.equal((await h.api.get('/api/auth/check', key)).status, 200);
  });

  test('sandbox keys: read and send routes pass, limits are announced', async (t) => {
    // One minute window for the whole test: a window rolling over between the 10th and 11th call would reset the count.
    h.clock.freeze();
    t.after(() => h.clock.thaw());
    const team = await h.createTeam();
    const { key } = await h.createKey(team, { type: 'sandbox' });
    assert.match(key, /^lttr_sandbox_/);
    const r = await h.api.get('/api/auth/check', key);
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-sandbox-ratelimit-minute-limit'], '10');
    assert.equal(r.headers['x-sandbox-ratelimit-day-limit'], '100');
    assert.equal(r.headers['x-sandbox-ratelimit-minute-remaining'], '9');
    for (let i = 0; i < 9; i++) await h.api.get('/api/auth/check', key);
    const over = await h.api.get('/api/auth/check', key, { beyondContract: 'sandbox 429' });
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers['retry-after']) >= 1);
  });

  test('key changes are audited; the audit trail cannot be rewritten', async () => {
    const team = await h.createTeam();
    const k = await h.createKey(team);
    await updateApiKey(h.ctx.db.kysely, k.id, { name: 'renamed' }, cli);
    await rotateApiKey(h.ctx.db.kysely, k.id, 1000, cli);
    await revokeApiKey(h.ctx.db.kysely, k.id, cli);
    const actions = (await h.ctx.db.kysely.selectFrom('audit_events').select('action').where('team_id', '=', team).orderBy('id').execute()).map((r) => r.action);
    assert.deepEqual(actions, ['team.created', 'api_key.created', 'api_key.updated', 'api_key.rotated', 'api_key.revoked']);
    const created = await h.ctx.db.kysely.selectFrom('audit_events').selectAll().where('team_id', '=', team).where('action', '=', 'api_key.created').executeTakeFirstOrThrow();
    assert.ok(!created.details.includes(k.key), 'the secret never reaches the audit trail');
    await assert.rejects(h.ctx.db.kysely.updateTable('audit_events').set({ action: 'x' }).where('team_id', '=', team).execute(), /append-only/);
    await assert.rejects(h.ctx.db.kysely.deleteFrom('audit_events').where('team_id', '=', team).execute(), /append-only/);
  });

  test('keys are stored as digests only', async () => {
    const team = await h.createTeam();
    const k = await h.createKey(team);
    const row = await h.ctx.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', k.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(k.key.slice(12)), 'no column holds the secret part');
    assert.equal(row.display_prefix, k.key.slice(0, 12));
  });
});
