// /api/webhooks CRUD through the contract client on both databases: shapes, messages, 409, 422s, scopes for secrets,
// sealed storage and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

forEachDatabase('webhooks API', (db) => {
  let h: Harness;
  let key: string;
  let teamId: number;
  before(async () => {
    h = await startHarness(db(), { LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    teamId = await h.createTeam();
    key = (await h.createKey(teamId)).key;
  });
  after(() => h.close());

  const create = (body: Record<string, unknown>, k = key) => h.api.post('/api/webhooks', k, body);

  test('create returns the contract view plus the signing secret once; list and show return the view', async () => {
    const res = await create({ name: 'Orders', url: 'https://hooks.example.com/a', auth_type: 'basic', auth_username: 'u', auth_password: 'p', events_mode: 'selected', events: ['message.delivery', 'engagament.open', 'bounce'] });
    assert.equal(res.status, 201);
    assert.equal(res.json.message, 'Webhook created successfully.');
    const w = res.json.data;
    assert.match(w.id, /^webhook-[a-z2-7]{16}$/);
    assert.deepEqual(
      { name: w.name, url: w.url, enabled: w.enabled, event_types: w.event_types, auth_type: w.auth_type, has_auth_credentials: w.has_auth_credentials, last_status: w.last_status, last_successful_at: w.last_successful_at, last_failure_at: w.last_failure_at },
      { name: 'Orders', url: 'https://hooks.example.com/a', enabled: true, event_types: ['message.delivery', 'engagement.open', 'message.bounce'], auth_type: 'basic', has_auth_credentials: true, last_status: null, last_successful_at: null, last_failure_at: null },
    );
    assert.match(w.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);

    const list = await h.api.get('/api/webhooks', key);
    assert.equal(list.json.message, 'Webhooks retrieved successfully.');
    const listed = list.json.data.webhooks.find((x: { id: string }) => x.id === w.id);
    assert.equal(listed.secret, undefined);
    assert.equal(listed.auth_password, undefined);
    const show = await h.api.get(`/api/webhooks/${w.id}`, key);
    assert.equal(show.json.message, 'Webhook retrieved successfully.');
    assert.equal(show.json.data.name, 'Orders');

    // Secrets and credentials are sealed at rest: no plaintext in the row.
    const row = await h.ctx.db.kysely.selectFrom('webhooks').selectAll().where('public_id', '=', w.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(w.secret.slice(6)));
    assert.ok(!row.credentials_sealed!.includes('"p"'));
    assert.match(row.secret_sealed, /^lsv1\./);
  });

  test('events_mode all stores null event types', async () => {
    const res = await create({ name: 'All', url: 'https://hooks.example.com/all', auth_type: 'none', events_mode: 'all', events: ['message.delivery'] });
    assert.equal(res.status, 201);
    assert.equal(res.json.data.event_types, null);
    assert.equal(res.json.data.has_auth_credentials, false);
  });

  test('a duplicate URL is 409 on create, and a field error on update (PUT lists no 409)', async () => {
    const body = { name: 'Dup', url: 'https://hooks.example.com/dup', auth_type: 'none', events_mode: 'all' };
    assert.equal((await create(body)).status, 201);
    const dup = await create(body);
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.json, { message: 'A webhook with this target URL already exists.', error_code: 'resource_already_exists' });
    const other = await create({ ...body, url: 'https://hooks.example.com/dup2' });
    const moved = await h.api.put(`/api/webhooks/${other.json.data.id}`, key, { url: 'https://hooks.example.com/dup' });
    assert.equal(moved.status, 422);
    assert.deepEqual(moved.json.errors, { url: ['The url has already been taken.'] });
  });

  test('validation errors name each field with its message', async () => {
    const res = await create({ url: 'nope', auth_type: 'magic', events_mode: 'selected', events: ['message.delivery', 'email.bounced'] });
    assert.equal(res.status, 422);
    assert.equal(res.json.error_code, 'validation_error');
    assert.deepEqual(Object.keys(res.json.errors).sort(), ['auth_type', 'events.1', 'name', 'url']);
    assert.deepEqual(res.json.errors.name, ['The name field is required.']);
    assert.deepEqual(res.json.errors['events.1'], ['The selected events.1 is invalid.']);

    const basic = await create({ name: 'x', url: 'https://hooks.example.com/b', auth_type: 'basic', events_mode: 'selected' });
    assert.deepEqual(Object.keys(basic.json.errors).sort(), ['auth_password', 'auth_username', 'events']);
    const oauth = await create({ name: 'x', url: 'https://hooks.example.com/o', auth_type: 'oauth2', events_mode: 'all', oauth_client_id: 'id' });
    assert.deepEqual(Object.keys(oauth.json.errors).sort(), ['oauth_client_secret', 'oauth_token_url']);
    const long = await create({ name: 'n'.repeat(256), url: `https://hooks.example.com/${'a'.repeat(2048)}`, auth_type: 'none', events_mode: 'all' });
    assert.deepEqual(long.json.errors, { name: ['The name must not be greater than 255 characters.'], url: ['The url must not be greater than 2048 characters.'] });
    const notObject = await h.api.request({ method: 'POST', url: '/api/webhooks', key, payload: '[1]', headers: { 'content-type': 'application/json' } });
    assert.equal(notObject.status, 422);
    const broken = await h.api.request({ method: 'POST', url: '/api/webhooks', key, payload: '{"name":', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 422);
  });

  test('update is partial: name, events, active, target alias, auth merge', async () => {
    const w = (await create({ name: 'Upd', url: 'https://hooks.example.com/upd', auth_type: 'basic', auth_username: 'u', auth_password: 'p', events_mode: 'all' })).json.data;
    const res = await h.api.put(`/api/webhooks/${w.id}`, key, { name: 'Renamed', active: false, events: ['delivery'] });
    assert.equal(res.status, 200);
    assert.equal(res.json.message, 'Webhook updated successfully.');
    assert.equal(res.json.data.name, 'Renamed');
    assert.equal(res.json.data.enabled, false);
    assert.deepEqual(res.json.data.event_types, ['message.delivery']);
    assert.equal(res.json.data.url, 'https://hooks.example.com/upd');

    const target = await h.api.put(`/api/webhooks/${w.id}`, key, { target: 'https://hooks.example.com/upd2', auth_password: 'new' });
    assert.equal(target.json.data.url, 'https://hooks.example.com/upd2');
    assert.equal(target.json.data.has_auth_credentials, true);
    const row = await h.ctx.db.kysely.selectFrom('webhooks').select('credentials_sealed').where('public_id', '=', w.id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(h.ctx.secrets.open(row.credentials_sealed!, 'webhooks.credentials')), { auth_username: 'u', auth_password: 'new' });

    const toOauth = await h.api.put(`/api/webhooks/${w.id}`, key, { auth_type: 'oauth2', oauth_client_id: 'c' });
    assert.equal(toOauth.status, 422);
    assert.deepEqual(Object.keys(toOauth.json.errors).sort(), ['oauth_client_secret', 'oauth_token_url']);
    const toNone = await h.api.put(`/api/webhooks/${w.id}`, key, { auth_type: 'none' });
    assert.equal(toNone.json.data.has_auth_credentials, false);
    const all = await h.api.put(`/api/webhooks/${w.id}`, key, { events_mode: 'all' });
    assert.equal(all.json.data.event_types, null);
    const empty = await h.api.put(`/api/webhooks/${w.id}`, key, { events: [] });
    assert.equal(empty.status, 422);
    const badActive = await h.api.put(`/api/webhooks/${w.id}`, key, { active: 'yes' });
    assert.deepEqual(badActive.json.errors, { active: ['The active field must be true or false.'] });
  });

  test('unknown ids are 404 with the contract message; delete removes', async () => {
    for (const res of [await h.api.get('/api/webhooks/webhook-nope', key), await h.api.put('/api/webhooks/webhook-nope', key, { name: 'x' }), await h.api.delete('/api/webhooks/webhook-nope', key)]) {
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { message: 'Webhook not found.', error_code: 'not_found' });
    }
    const blank = await h.api.delete('/api/webhooks/%20', key);
    assert.deepEqual(blank.json, { message: 'Validation failed.', error_code: 'validation_error', errors: { webhookId: ['The webhook ID is required.'] } });
    const w = (await create({ name: 'Del', url: 'https://hooks.example.com/del', auth_type: 'none', events_mode: 'all' })).json.data;
    const del = await h.api.delete(`/api/webhooks/${w.id}`, key);
    assert.deepEqual(del.json, { message: 'Webhook deleted successfully.' });
    assert.equal((await h.api.get(`/api/webhooks/${w.id}`, key)).status, 404);
  });

  test('another team cannot see or change a webhook', async () => {
    const w = (await create({ name: 'Mine', url: 'https://hooks.example.com/mine', auth_type: 'none', events_mode: 'all' })).json.data;
    const otherKey = (await h.createKey(await h.createTeam('Other'))).key;
    assert.equal((await h.api.get(`/api/webhooks/${w.id}`, otherKey)).status, 404);
    assert.equal((await h.api.put(`/api/webhooks/${w.id}`, otherKey, { name: 'x' })).status, 404);
    assert.equal((await h.api.delete(`/api/webhooks/${w.id}`, otherKey)).status, 404);
    assert.ok(!(await h.api.get('/api/webhooks', otherKey)).json.data.webhooks.some((x: { id: string }) => x.id === w.id));
    // The same URL is fine in another team.
    assert.equal((await create({ name: 'Theirs', url: 'https://hooks.example.com/mine', auth_type: 'none', events_mode: 'all' }, otherKey)).status, 201);
  });

  test('the secret is re-readable and rotatable with webhooks:write only, with an overlap', async () => {
    const w = (await create({ name: 'Sec', url: 'https://hooks.example.com/sec', auth_type: 'none', events_mode: 'all' })).json.data;
    const readOnly = (await h.createKey(teamId, { permission: 'custom', scopes: ['webhooks:read'] })).key;
    const denied = await h.api.get(`/api/webhooks/${w.id}/secret`, readOnly, { beyondContract: 'secret read needs webhooks:write' });
    assert.equal(denied.status, 403);
    const read = await h.api.get(`/api/webhooks/${w.id}/secret`, key, { beyondContract: 'webhook secret' });
    assert.equal(read.json.data.secret, w.secret);
    assert.equal(read.json.data.previous_secret, null);

    const rotated = await h.api.post(`/api/webhooks/${w.id}/secret/rotate`, key, { overlap_seconds: 3600 }, { beyondContract: 'secret rotation' });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.json.data.secret, w.secret);
    assert.equal(rotated.json.data.previous_secret, w.secret);
    assert.ok(rotated.json.data.previous_secret_expires_at);
    h.clock.advance(3601_000);
    const later = await h.api.get(`/api/webhooks/${w.id}/secret`, key, { beyondContract: 'webhook secret' });
    assert.equal(later.json.data.secret, rotated.json.data.secret);
    assert.equal(later.json.data.previous_secret, null);
    const bad = await h.api.post(`/api/webhooks/${w.id}/secret/rotate`, key, { overlap_seconds: -1 }, { beyondContract: 'secret rotation' });
    assert.equal(bad.status, 422);
  });

  test('every change is audited without secrets', async () => {
    const rows = await h.ctx.db.kysely.selectFrom('audit_events').selectAll().where('team_id', '=', teamId).where('action', 'like', 'webhook.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['webhook.created', 'webhook.updated', 'webhook.deleted', 'webhook.secret_rotated']) assert.ok(actions.has(a), a);
    assert.ok(!rows.some((r) => r.details.includes('whsec_') || r.details.includes('auth_password')));
  });

  test('the allow-private switch is visible on webhook responses', async () => {
    const res = await h.api.get('/api/webhooks', key);
    assert.equal(res.headers['lettr-webhook-allow-private'], 'true');
  });
});
