// Idempotency-Key on POST /api/emails and /api/emails/scheduled (spec sending.md §10) on each database: replay,
// mismatch, expiry, refusals not stored, per-team scope, and concurrent duplicates giving exactly one send, also from
// two app instances sharing one database (two API processes).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const base = { from: 'sender@example.com', to: ['rcpt@example.org'], subject: 'Hello', text: 'Hi' };
const DAY = 86_400_000;

forEachDatabase('Idempotency-Key', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    ({ team, key } = await sendingTeam(h));
  });
  after(() => h.close());

  const send = (body: unknown, idem?: string, harness = h, path = '/api/emails') =>
    harness.api.post(path, key, body, idem === undefined ? {} : { headers: { 'idempotency-key': idem } });
  const messagesWith = async (subject: string) =>
    (await h.ctx.db.kysely.selectFrom('messages').select('request_id').where('team_id', '=', team).where('subject', '=', subject).execute()).length;

  test('same key + same body: the stored response again, marked replayed, and no second send', async () => {
    const body = { ...base, subject: 'replay-1' };
    const first = await send(body, 'order-1');
    assert.equal(first.status, 200);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // Same JSON with another key order and whitespace is the same request.
    const again = await h.api.request({ method: 'POST', url: '/api/emails', key, headers: { 'idempotency-key': 'order-1', 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'Hi', subject: 'replay-1', to: ['rcpt@example.org'], from: 'sender@example.com' }, null, 2) });
    assert.equal(again.status, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json, first.json);
    assert.equal(await messagesWith('replay-1'), 1);
  });

  test('same key + different body: 422 on the header, nothing sent', async () => {
    await send({ ...base, subject: 'mismatch-1' }, 'order-2');
    const r = await send({ ...base, subject: 'mismatch-2' }, 'order-2');
    assert.equal(r.status, 422);
    assert.deepEqual(r.json.errors, { 'Idempotency-Key': ['The Idempotency-Key has already been used with a different request.'] });
    assert.equal(await messagesWith('mismatch-2'), 0);
  });

  test('a key used on /emails is another request on /emails/scheduled', async () => {
    const scheduled = { ...base, subject: 'cross-1', scheduled_at: new Date(h.clock.now() + DAY).toISOString() };
    await send(scheduled, 'cross');
    const r = await send(scheduled, 'cross', h, '/api/emails/scheduled');
    assert.equal(r.status, 422);
  });

  test('a refusal is not stored: fixed and retried under the same key, it sends (and then replays)', async () => {
    const bad = { ...base, to: [] };
    const first = await send(bad, 'order-3');
    const again = await send(bad, 'order-3');
    assert.equal(first.status, 422);
    assert.equal(again.status, 422);
    assert.equal(again.headers['idempotent-replayed'], undefined);
    // The key was used with another body, but nothing was stored under it: the fixed request is a first send.
    const fixed = await send({ ...base, subject: 'refusal-fixed' }, 'order-3');
    assert.equal(fixed.status, 200, fixed.text);
    assert.equal(fixed.headers['idempotent-replayed'], undefined);
    const replay = await send({ ...base, subject: 'refusal-fixed' }, 'order-3');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(await messagesWith('refusal-fixed'), 1);
  });

  test('unconfigured_domain under a key: add the domain, send again with the same key and body, it sends', async () => {
    const body = { ...base, from: 'shop@later.example.net', subject: 'domain-fixed' };
    const refused = await send(body, 'order-5');
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error_code, 'unconfigured_domain');
    assert.match(refused.json.message, /later\.example\.net/);
    assert.equal((await h.api.post('/api/domains', key, { domain: 'later.example.net' })).status, 201);
    const sent = await send(body, 'order-5');
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.headers['idempotent-replayed'], undefined);
    assert.equal(await messagesWith('domain-fixed'), 1);
  });

  test('after 24 h the key is free again: a new send', async () => {
    const body = { ...base, subject: 'expiry-1' };
    const first = await send(body, 'order-4');
    h.clock.advance(DAY + 1000);
    const later = await send(body, 'order-4');
    assert.equal(later.status, 200);
    assert.equal(later.headers['idempotent-replayed'], undefined);
    assert.notEqual(later.json.data.request_id, first.json.data.request_id);
    assert.equal(await messagesWith('expiry-1'), 2);
  });

  test('keys are per team', async () => {
    const { team: other, key: otherKey } = await sendingTeam(h, { name: 'Other' });
    const body = { ...base, subject: 'per-team' };
    const a = await send(body, 'shared-key');
    const b = await h.api.post('/api/emails', otherKey, body, { headers: { 'idempotency-key': 'shared-key' } });
    assert.equal(b.headers['idempotent-replayed'], undefined);
    assert.notEqual(a.json.data.request_id, b.json.data.request_id);
  });

  test('an invalid key is a 422 on the header', async () => {
    for (const bad of ['k'.repeat(256), 'naïve-ключ']) {
      const r = await send(base, bad);
      assert.equal(r.status, 422, bad);
      assert.deepEqual(Object.keys(r.json.errors), ['Idempotency-Key']);
    }
  });

  test('20 concurrent duplicates: exactly one message, every caller gets its answer', async () => {
    const body = { ...base, subject: 'concurrent-1', to: ['a@example.org', 'b@example.org'] };
    const responses = await Promise.all(Array.from({ length: 20 }, () => send(body, 'burst-1')));
    assert.ok(responses.every((r) => r.status === 200), JSON.stringify(responses.map((r) => r.status)));
    assert.equal(new Set(responses.map((r) => r.json.data.request_id)).size, 1);
    assert.equal(responses.filter((r) => r.headers['idempotent-replayed'] === undefined).length, 1);
    assert.equal(await messagesWith('concurrent-1'), 1);
    const requestId = responses[0]!.json.data.request_id;
    const events = await h.ctx.db.kysely.selectFrom('events').select('id').where('request_id', '=', requestId).execute();
    assert.equal(events.length, 2);
  });

  test('concurrent duplicates through two app instances on one database: exactly one send', async () => {
    const second = await startHarness(db());
    // The same clock as the first instance (an earlier test moved it a day on): with a day of skew the second would
    // rightly see the first's key as expired.
    second.clock.advance(h.clock.now() - second.clock.now());
    try {
      const body = { ...base, subject: 'concurrent-2' };
      const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => send(body, 'burst-2', i % 2 ? second : h)));
      assert.ok(responses.every((r) => r.status === 200), JSON.stringify(responses.map((r) => `${r.status} ${r.text}`)));
      assert.equal(new Set(responses.map((r) => r.json.data.request_id)).size, 1);
      assert.equal(await messagesWith('concurrent-2'), 1);
    } finally {
      await second.close();
    }
  });
});
