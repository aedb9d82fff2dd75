// GET /api/emails, /api/emails/events and /api/emails/{requestId} on each database, every response through the
// contract harness. Later events (delivery, bounce) are written the way delivery writes them: recordEvents with the
// shared event context, in a transaction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { commonEventFields, recordEvents } from '../src/events/index.js';
import { eventContextFor, eventRecipient, findMessageByRequestId, recipientsOf } from '../src/sending/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const DAY = 86_400_000;
const base = { from: 'sender@example.com', subject: 'Reads', text: 'Hi' };

forEachDatabase('email reads', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    ({ team, key } = await sendingTeam(h));
  });
  after(() => h.close());

  async function send(to: string[], extra: Record<string, unknown> = {}): Promise<string> {
    const r = await h.api.post('/api/emails', key, { ...base, to, ...extra });
    assert.equal(r.status, 200, r.text);
    return r.json.data.request_id;
  }

  /** Writes a later event for one recipient as delivery would. */
  async function outcome(requestId: string, email: string, type: 'delivery' | 'bounce' | 'policy_rejection', extra: Record<string, unknown> = {}) {
    const k = h.ctx.db.kysely;
    const message = (await findMessageByRequestId(k, team, requestId))!;
    const recipient = (await recipientsOf(k, team, message.id)).find((r) => r.email === email)!;
    h.clock.advance(1000);
    await k.transaction().execute((trx) => recordEvents(trx, [{
      teamId: team, type, requestId, messageId: message.id, recipient: eventRecipient(email), at: h.clock.now(),
      fields: { ...commonEventFields(eventContextFor(message, recipient)), ...extra },
    }]));
  }

  test('GET /emails: one injection row per recipient, newest first, keyset pages that survive inserts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await send([`page${i}@example.org`]));
      h.clock.advance(10);
    }
    const first = await h.api.get('/api/emails?per_page=2&recipients=', key);
    assert.equal(first.status, 200);
    assert.equal(first.json.message, 'Emails retrieved successfully.');
    const firstPage = first.json.data.events;
    assert.equal(firstPage.pagination.per_page, 2);
    assert.deepEqual(firstPage.data.map((e: any) => e.request_id), [ids[4], ids[3]]);
    assert.ok(firstPage.total_count >= 5);
    // A new send between pages does not shift the next page.
    await send(['late@example.org']);
    const second = await h.api.get(`/api/emails?per_page=2&cursor=${firstPage.pagination.next_cursor}`, key);
    assert.deepEqual(second.json.data.events.data.map((e: any) => e.request_id), [ids[2], ids[1]]);
    assert.equal(second.json.data.events.data[0].type, 'injection');
    assert.equal(second.json.data.events.data[0].rcpt_to, 'page2@example.org');
  });

  test('GET /emails: recipients filter is case-insensitive; window defaults to 10 days', async () => {
    const id = await send(['Filter.Me@Example.org']);
    const r = await h.api.get('/api/emails?recipients=filter.me@example.org', key);
    assert.deepEqual(r.json.data.events.data.map((e: any) => e.request_id), [id]);
    assert.equal(r.json.data.events.total_count, 1);
    h.clock.advance(11 * DAY);
    assert.equal((await h.api.get('/api/emails?recipients=filter.me@example.org', key)).json.data.events.total_count, 0);
    const wide = await h.api.get(`/api/emails?recipients=filter.me@example.org&from=${new Date(h.clock.now() - 12 * DAY).toISOString().slice(0, 10)}`, key);
    assert.equal(wide.json.data.events.total_count, 1);
  });

  test('GET /emails/events: filters by type, recipients, transmission and bounce class', async () => {
    const id = await send(['ok@events.example', 'hard@events.example', 'block@events.example']);
    await outcome(id, 'ok@events.example', 'delivery', { queue_time: 5, outbound_tls: '1' });
    await outcome(id, 'hard@events.example', 'bounce', { bounce_class: 10, error_code: '550', reason: 'User unknown', raw_reason: '550 5.1.1 User unknown', num_retries: 0, device_token: null });
    await outcome(id, 'block@events.example', 'bounce', { bounce_class: 51, error_code: '554', reason: 'Spam', raw_reason: '554 5.7.1 spam', num_retries: 0, device_token: null });
    const all = await h.api.get(`/api/emails/events?transmissions=${id}`, key);
    assert.equal(all.json.message, 'Email events retrieved successfully.');
    assert.deepEqual(all.json.data.events.data.map((e: any) => e.type), ['bounce', 'bounce', 'delivery', 'injection', 'injection', 'injection']);
    const bounces = await h.api.get(`/api/emails/events?transmissions=${id}&events=bounce,delivery&bounce_classes=10,30`, key);
    assert.deepEqual(bounces.json.data.events.data.map((e: any) => [e.type, e.bounce_class]), [['bounce', 10]]);
    const byRecipient = await h.api.get(`/api/emails/events?transmissions=${id}&recipients=OK@events.example,block@events.example&events=delivery,injection`, key);
    assert.deepEqual(byRecipient.json.data.events.data.map((e: any) => [e.type, e.rcpt_to]).sort(),
      [['delivery', 'ok@events.example'], ['injection', 'block@events.example'], ['injection', 'ok@events.example']]);
    const bad = await h.api.get('/api/emails/events?per_page=500', key);
    assert.deepEqual([bad.status, bad.json.errors], [422, { per_page: ['The per_page parameter must not exceed 100.'] }]);
  });

  test('GET /emails/{requestId}: state from events, unique recipients, events newest first', async () => {
    const id = await send(['x@detail.example', 'y@detail.example'], { from_name: 'Detail' });
    const pending = await h.api.get(`/api/emails/${id}`, key);
    assert.equal(pending.json.message, 'Email retrieved successfully.');
    assert.equal(pending.json.data.state, 'scheduled');
    assert.deepEqual(pending.json.data.recipients.sort(), ['x@detail.example', 'y@detail.example']);
    assert.equal(pending.json.data.num_recipients, 2);
    assert.equal(pending.json.data.from_name, 'Detail');
    assert.equal(pending.json.data.scheduled_at, null);
    await outcome(id, 'x@detail.example', 'policy_rejection', { remote_addr: null, reason: 'x', raw_reason: 'x', error_code: null, bounce_class: null });
    assert.equal((await h.api.get(`/api/emails/${id}`, key)).json.data.state, 'failed');
    await outcome(id, 'y@detail.example', 'bounce', { bounce_class: 10, error_code: '550', reason: 'r', raw_reason: 'r', num_retries: 0, device_token: null });
    assert.equal((await h.api.get(`/api/emails/${id}`, key)).json.data.state, 'bounced');
    await outcome(id, 'x@detail.example', 'delivery', { queue_time: 1, outbound_tls: null });
    const done = await h.api.get(`/api/emails/${id}`, key);
    assert.equal(done.json.data.state, 'delivered');
    assert.equal(done.json.data.events[0].type, 'delivery');
    assert.equal(done.json.data.events.length, 5);
  });

  test('GET /emails/{requestId}: 404 and 422 exactly per the contract', async () => {
    for (const id of ['12345678901234567890', 'not-an-id']) {
      const r = await h.api.get(`/api/emails/${id}`, key);
      assert.deepEqual([r.status, r.json], [404, { message: 'Email not found.', error_code: 'not_found' }]);
    }
    const r = await h.api.get('/api/emails/12345678901234567890?from=soon', key);
    assert.deepEqual([r.status, r.json], [422, { message: 'Validation failed.', error_code: 'validation_error', errors: { from: ['The from parameter must be a valid date.'] } }]);
  });

  test('teams never see each other\'s mail', async () => {
    const id = await send(['secret@iso.example']);
    const { team: other, key: otherKey } = await sendingTeam(h, { name: 'Other' });
    assert.equal((await h.api.get(`/api/emails/${id}`, otherKey)).status, 404);
    assert.equal((await h.api.get('/api/emails', otherKey)).json.data.events.total_count, 0);
    assert.equal((await h.api.get(`/api/emails/events?transmissions=${id}`, otherKey)).json.data.events.total_count, 0);
  });

  test('sandbox keys read only mail to their owner; without an owner, retrieval_error', async () => {
    const k = h.ctx.db.kysely;
    const { id: userId } = await k.insertInto('users').values({ email: 'owner@reads.example', name: 'O', password_hash: null, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
    const sandbox = (await h.createKey(team, { type: 'sandbox', createdBy: userId })).key;
    const live = await send(['someone@reads.example']);
    const mine = (await h.api.post('/api/emails', sandbox, { ...base, to: ['someone@reads.example'] })).json.data.request_id;
    const list = await h.api.get('/api/emails', sandbox);
    assert.deepEqual(list.json.data.events.data.map((e: any) => e.request_id), [mine]);
    assert.equal((await h.api.get('/api/emails?recipients=someone@reads.example', sandbox)).json.data.events.total_count, 0);
    assert.equal((await h.api.get(`/api/emails/${live}`, sandbox)).status, 404);
    assert.equal((await h.api.get(`/api/emails/${mine}`, sandbox)).status, 200);
    assert.equal((await h.api.get(`/api/emails/events?transmissions=${live}`, sandbox)).json.data.events.total_count, 0);
    const orphan = (await h.createKey(team, { type: 'sandbox' })).key;
    const r = await h.api.get('/api/emails', orphan);
    assert.deepEqual([r.status, r.json], [400, { message: 'Sandbox API key does not have an associated user with an email address.', error_code: 'retrieval_error' }]);
  });
});
