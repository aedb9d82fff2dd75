// From POST /api/emails to the receiver: the send pipeline's injection events reach a webhook through the durable
// fan-out. And two fan-out rounds racing from separate processes' connections never double an event.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createContext } from '../../src/server/context-factory.js';
import { createLogger } from '../../src/http/logger.js';
import { fanOut } from '../../src/webhooks/fanout.js';
import { closeWebhookRuntime } from '../../src/webhooks/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { createHook, eventIdsIn, pumpPastWindow, recordSample } from './support.js';

forEachDatabase('webhooks from the send pipeline', (db) => {
  let h: Harness;
  let rx: HttpReceiver;
  before(async () => {
    h = await startHarness(db(), { LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    rx = await HttpReceiver.start();
  });
  after(async () => {
    await closeWebhookRuntime(h.ctx);
    await rx.close();
    await h.close();
  });

  test('POST /api/emails produces one injection event per recipient at the webhook, ids matching the API', async () => {
    const teamId = await h.createTeam();
    const { key } = await h.createKey(teamId);
    await createHook(h, key, { url: `${rx.url}/e2e`, events_mode: 'selected', events: ['message.injection'] });
    // A team sends only from a domain it has added (local delivery accepts it unverified).
    assert.equal((await h.api.post('/api/domains', key, { domain: 'example.com' })).status, 201);
    const sent = await h.api.post('/api/emails', key, { from: 'sender@example.com', to: ['a@example.org', 'b@example.org'], cc: ['c@example.org'], subject: 'Hi', text: 'Hello', metadata: { order: '42' } });
    assert.equal(sent.status, 200);
    await pumpPastWindow(h);
    const got = rx.requests.filter((r) => r.path === '/e2e');
    assert.equal(got.length, 1);
    const events = JSON.parse(got[0]!.body.toString()).map((e: { msys: { message_event: Record<string, unknown> } }) => e.msys.message_event);
    assert.deepEqual(events.map((e: { rcpt_to: string }) => e.rcpt_to).sort(), ['a@example.org', 'b@example.org', 'c@example.org']);
    for (const e of events) {
      assert.equal(e.type, 'injection');
      assert.equal(e.transmission_id, sent.json.data.request_id);
      assert.equal(e.request_id, sent.json.data.request_id);
    }
    const stored = await h.ctx.db.kysely.selectFrom('events').select('event_id').where('request_id', '=', sent.json.data.request_id).where('type', '=', 'injection').execute();
    assert.deepEqual(eventIdsIn(got).sort(), stored.map((r) => r.event_id).sort());
  });

  test('fan-out rounds racing on separate connections queue each event once', async (t) => {
    // Several worker processes share one database only on PostgreSQL; a SQLite file has one process (README).
    if (db().dialect === 'sqlite') return t.skip('one process per SQLite file');
    const teamId = await h.createTeam();
    const { key } = await h.createKey(teamId);
    const hook = await createHook(h, key, { url: `${rx.url}/race` });
    const other = await createContext(h.ctx.config, { clock: h.clock, log: createLogger('silent') });
    try {
      const events = await recordSample(h, teamId, 300);
      const k = h.ctx.db.kysely;
      const row = await k.selectFrom('webhooks').select('id').where('public_id', '=', hook.id).executeTakeFirstOrThrow();
      const queued = async () => {
        const pending = await k.selectFrom('webhook_pending').select('event_row_id').where('webhook_id', '=', row.id).execute();
        const cut = await k.selectFrom('webhook_deliveries').select('event_ids').where('webhook_id', '=', row.id).execute();
        return { pending, ids: [...cut.flatMap((d) => JSON.parse(d.event_ids) as string[])] };
      };
      // Events become visible to fan-out only once every older transaction in the cluster has ended (fanout.ts), and
      // other test files share this PostgreSQL server: race rounds until everything is queued (or 200 rounds).
      for (let round = 0; round < 200; round++) {
        await Promise.all([fanOut(h.ctx, h.ctx.config.webhooks, 100), fanOut(other, other.config.webhooks, 100)]);
        const q = await queued();
        if (round >= 4 && q.pending.length + q.ids.length >= events.length) break;
        if (round >= 4) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const { pending, ids } = await queued();
      const queuedRows = pending.length + ids.length;
      assert.equal(queuedRows, events.length, 'each event queued exactly once');
      assert.equal(new Set(ids).size, ids.length);
    } finally {
      await other.db.close();
    }
  });
});
