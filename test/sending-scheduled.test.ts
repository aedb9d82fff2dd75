// POST/GET/DELETE /api/emails/scheduled on each database (spec sending.md §3): the window, the states before and
// after injection, the inject job, cancellation and its 409 when too late, and the cancel/inject race guard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { injectScheduled } from '../src/sending/jobs.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const MIN = 60_000;
const base = { from: 'sender@example.com', from_name: 'Sender', to: ['a@example.org', 'b@example.org'], subject: 'Later', text: 'Hi' };

forEachDatabase('scheduled sends', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    ({ team, key } = await sendingTeam(h));
  });
  after(() => h.close());

  const at = (ms: number) => new Date(h.clock.now() + ms).toISOString();
  const schedule = (ms: number, extra: Record<string, unknown> = {}) => h.api.post('/api/emails/scheduled', key, { ...base, scheduled_at: at(ms), ...extra });
  const show = (id: string) => h.api.get(`/api/emails/scheduled/${id}`, key);
  const cancel = (id: string) => h.api.delete(`/api/emails/scheduled/${id}`, key);
  const count = async (table: 'events' | 'jobs', where: { requestId?: string; queue?: string }) => {
    let q = h.ctx.db.kysely.selectFrom(table as 'jobs').select((eb) => eb.fn.countAll().as('n'));
    if (where.queue) q = q.where('queue', '=', where.queue).where('team_id', '=', team);
    const r = table === 'events'
      ? await h.ctx.db.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('request_id', '=', where.requestId!).executeTakeFirstOrThrow()
      : await q.executeTakeFirstOrThrow();
    return Number(r.n);
  };

  test('201 with the contract body; pending: submitted, no events, recipients from the message', async () => {
    const when = new Date(Math.ceil((h.clock.now() + 60 * MIN) / 1000) * 1000);
    const r = await h.api.post('/api/emails/scheduled', key, { ...base, scheduled_at: when.toISOString() });
    assert.equal(r.status, 201);
    assert.equal(r.json.message, 'Email scheduled for delivery.');
    assert.deepEqual([r.json.data.accepted, r.json.data.rejected], [2, 0]);
    const id = r.json.data.request_id;
    const s = await show(id);
    assert.equal(s.status, 200);
    assert.equal(s.json.message, 'Scheduled transmission retrieved successfully.');
    assert.equal(s.json.data.state, 'submitted');
    assert.equal(s.json.data.scheduled_at, when.toISOString().slice(0, 19) + '+00:00');
    assert.deepEqual(s.json.data.recipients, ['a@example.org', 'b@example.org']);
    assert.equal(s.json.data.num_recipients, 2);
    assert.deepEqual(s.json.data.events, []);
    assert.equal(s.json.data.from_name, 'Sender');
    // Nothing injected yet: no events, no deliver jobs; not in GET /emails/{id} either.
    assert.equal(await count('events', { requestId: id }), 0);
    assert.equal((await h.api.get(`/api/emails/${id}`, key)).status, 404);
  });

  test('the window: 422 with the contract messages', async () => {
    const missing = await h.api.post('/api/emails/scheduled', key, base);
    assert.deepEqual(missing.json.errors, { scheduled_at: ['The scheduled delivery time is required.'] });
    assert.deepEqual((await schedule(-MIN)).json.errors, { scheduled_at: ['The scheduled delivery time must be in the future.'] });
    assert.deepEqual((await schedule(4 * MIN)).json.errors, { scheduled_at: ['The scheduled delivery time must be at least 5 minutes in the future.'] });
    assert.deepEqual((await schedule(3 * 24 * 60 * MIN + MIN)).json.errors, { scheduled_at: ['The scheduled delivery time must be within 3 days.'] });
  });

  test('at scheduled_at the inject job writes injection events and deliver jobs; state moves on', async () => {
    const when = at(10 * MIN);
    const id = (await h.api.post('/api/emails/scheduled', key, { ...base, scheduled_at: when })).json.data.request_id;
    assert.equal(await h.runJobs([injectScheduled]), 0, 'not due yet');
    h.clock.advance(10 * MIN);
    assert.equal((await show(id)).json.data.state, 'generating', 'due, not injected yet');
    const delivers = await count('jobs', { queue: 'deliver' });
    assert.ok(await h.runJobs([injectScheduled]) >= 1);
    assert.equal(await count('events', { requestId: id }), 2);
    assert.equal(await count('jobs', { queue: 'deliver' }), delivers + 2);
    const s = await show(id);
    assert.equal(s.json.data.state, 'scheduled');
    assert.equal(s.json.data.scheduled_at, null);
    assert.equal(s.json.data.events.length, 2);
    assert.equal(s.json.data.events[0].scheduled_time, when);
    // Too late to cancel now.
    const late = await cancel(id);
    assert.equal(late.status, 409);
    assert.deepEqual(late.json, { message: `Failed to cancel scheduled transmission ${id}.`, error_code: 'schedule_cancellation_failed' });
    // Running the job again (a crash after commit) injects nothing twice.
    await h.ctx.db.kysely.insertInto('jobs').values({ queue: 'inject', lane: 'default', payload: JSON.stringify({ messageId: (await messageOf(id)).id }),
      team_id: team, run_at: h.clock.now(), attempts: 0, created_at: h.clock.now() }).execute();
    await h.runJobs([injectScheduled]);
    assert.equal(await count('events', { requestId: id }), 2);
  });

  async function messageOf(id: string) {
    return h.ctx.db.kysely.selectFrom('messages').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
  }

  test('cancel before the time: 200, recipients cancelled, inject job gone, then 404 and a second cancel 409', async () => {
    const r = await schedule(30 * MIN);
    const id = r.json.data.request_id;
    const ok = await cancel(id);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { message: 'Scheduled transmission cancelled successfully.' });
    const message = await messageOf(id);
    assert.equal(message.state, 'cancelled');
    const statuses = await h.ctx.db.kysely.selectFrom('message_recipients').select('status').where('message_id', '=', message.id).execute();
    assert.deepEqual(statuses.map((s) => s.status), ['cancelled', 'cancelled']);
    assert.equal((await h.ctx.db.kysely.selectFrom('jobs').select('id').where('dedupe_key', '=', `inject:${message.id}`).execute()).length, 0);
    assert.equal((await show(id)).status, 404);
    assert.equal((await cancel(id)).status, 409);
    h.clock.advance(31 * MIN);
    await h.runJobs([injectScheduled]);
    assert.equal(await count('events', { requestId: id }), 0, 'a cancelled send is never injected');
  });

  test('cancel after scheduled_at but before the worker ran: 409, and the inject still happens', async () => {
    const id = (await schedule(5 * MIN + 1000)).json.data.request_id;
    h.clock.advance(5 * MIN + 1000);
    assert.equal((await cancel(id)).status, 409);
    await h.runJobs([injectScheduled]);
    assert.equal(await count('events', { requestId: id }), 2);
  });

  test('the inject job loses the race against a committed cancel even when it was already claimed', async () => {
    const id = (await schedule(6 * MIN)).json.data.request_id;
    const message = await messageOf(id);
    // A worker claimed the job (locked) just before the cancel committed: the row stays, the guard decides.
    await h.ctx.db.kysely.updateTable('jobs').set({ locked_by: 'elsewhere', locked_until: h.clock.now() + MIN }).where('dedupe_key', '=', `inject:${message.id}`).execute();
    assert.equal((await cancel(id)).status, 200);
    await h.ctx.db.kysely.updateTable('jobs').set({ locked_by: null, locked_until: null, run_at: h.clock.now() }).where('dedupe_key', '=', `inject:${message.id}`).execute();
    await h.runJobs([injectScheduled]);
    assert.equal(await count('events', { requestId: id }), 0);
    assert.equal((await messageOf(id)).state, 'cancelled');
  });

  test('unknown, malformed and other-team ids: GET 404, DELETE 409', async () => {
    const id = (await schedule(20 * MIN)).json.data.request_id;
    const { team: other, key: otherKey } = await sendingTeam(h, { name: 'Other' });
    assert.equal((await h.api.get(`/api/emails/scheduled/${id}`, otherKey)).status, 404);
    assert.equal((await h.api.delete(`/api/emails/scheduled/${id}`, otherKey)).status, 409);
    for (const bad of ['12345678901234567890', 'trans-123']) {
      const g = await show(bad);
      assert.deepEqual([g.status, g.json], [404, { message: 'Scheduled transmission not found.', error_code: 'not_found' }]);
      assert.equal((await cancel(bad)).status, 409);
    }
    assert.equal((await show(id)).json.data.state, 'submitted', 'the other team did not cancel it');
  });

  test('sandbox keys see and cancel only transmissions to their owner', async () => {
    const k = h.ctx.db.kysely;
    const { id: userId } = await k.insertInto('users').values({ email: 'owner@sched.example', name: 'O', password_hash: null, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
    const sandbox = (await h.createKey(team, { type: 'sandbox', createdBy: userId })).key;
    const mine = await h.api.post('/api/emails/scheduled', sandbox, { ...base, scheduled_at: at(15 * MIN) });
    assert.equal(mine.status, 201);
    const live = (await schedule(15 * MIN)).json.data.request_id;
    assert.equal((await h.api.get(`/api/emails/scheduled/${live}`, sandbox)).status, 404);
    assert.equal((await h.api.delete(`/api/emails/scheduled/${live}`, sandbox)).status, 409);
    const view = await h.api.get(`/api/emails/scheduled/${mine.json.data.request_id}`, sandbox);
    assert.deepEqual(view.json.data.recipients, ['owner@sched.example']);
    assert.equal((await h.api.delete(`/api/emails/scheduled/${mine.json.data.request_id}`, sandbox)).status, 200);
  });
});
