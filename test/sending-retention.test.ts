// Retention job on each database: bodies pruned and events deleted past LETTR_RETENTION_DAYS, never for mail that can
// still be sent; expired Idempotency-Keys removed; younger rows untouched.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureRecurring } from '../src/queue/index.js';
import { sendingRetention } from '../src/sending/retention.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const DAY = 86_400_000;
const body = { from: 'sender@example.com', to: ['r@example.org'], subject: 'Kept', html: '<p>body</p>', text: 'body',
  substitution_data: { secret: 'x' }, attachments: [{ name: 'a.txt', type: 'text/plain', data: 'YWJj' }] };

forEachDatabase('retention', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_RETENTION_DAYS: '7' });
    ({ team, key } = await sendingTeam(h));
  });
  after(() => h.close());

  const k = () => h.ctx.db.kysely;
  const message = (id: string) => k().selectFrom('messages').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
  const eventCount = async (id: string) => (await k().selectFrom('events').select('id').where('request_id', '=', id).execute()).length;

  test('past the window: bodies of finished mail pruned, events and expired keys deleted; the rest kept', async () => {
    const done = (await h.api.post('/api/emails', key, body, { headers: { 'idempotency-key': 'old-key' } })).json.data.request_id;
    const pending = (await h.api.post('/api/emails', key, body)).json.data.request_id;
    const scheduled = (await h.api.post('/api/emails/scheduled', key, { ...body, scheduled_at: new Date(h.clock.now() + 3 * DAY).toISOString() })).json.data.request_id;
    // Delivery finished the first message's recipient.
    await k().updateTable('message_recipients').set({ status: 'delivered' }).where('message_id', '=', (await message(done)).id).execute();

    h.clock.advance(7 * DAY - 60_000);
    const young = (await h.api.post('/api/emails', key, body)).json.data.request_id;
    await k().updateTable('message_recipients').set({ status: 'delivered' }).where('message_id', '=', (await message(young)).id).execute();
    h.clock.advance(2 * 60_000);

    await ensureRecurring(h.ctx, sendingRetention.queue);
    assert.equal(await h.runJobs([sendingRetention]), 1, 'one run, then rescheduled an hour later');

    const pruned = await message(done);
    assert.deepEqual([pruned.html, pruned.text, pruned.amp_html, pruned.attachments, pruned.substitution_data], [null, null, null, null, null]);
    assert.ok(pruned.bodies_pruned_at !== null);
    assert.equal(pruned.subject, 'Kept', 'headers stay');
    assert.equal(await eventCount(done), 0);
    assert.equal((await message(pending)).html, '<p>body</p>', 'a recipient is still queued: body kept');
    assert.equal(await eventCount(pending), 0, 'events follow the window regardless');
    assert.equal((await message(scheduled)).html, '<p>body</p>', 'waiting for its time: body kept');
    assert.equal((await message(young)).html, '<p>body</p>');
    assert.equal(await eventCount(young), 1);
    const keys = await k().selectFrom('idempotency_keys').select('key').where('team_id', '=', team).execute();
    assert.deepEqual(keys, [], 'the 24 h key expired long ago');

    const next = await k().selectFrom('jobs').select('run_at').where('queue', '=', sendingRetention.queue).executeTakeFirstOrThrow();
    assert.equal(next.run_at > h.clock.now() + 59 * 60_000, true);
  });
});
