// Transactional and bulk mail claim through separate lanes with their own slots: with every bulk slot stuck on a
// stalled receiving server, a password reset still goes out at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverHandler, deliveryRuntime, MAILBOX_SMTP_PURPOSE, MAILBOX_SMTP_USER } from '../../src/delivery/index.js';
import { Worker } from '../../src/queue/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { send, statusesOf } from './helpers.js';

forEachDatabase('delivery lanes', (db) => {
  let h: Harness;
  let sink: SmtpSink;
  let key: string;

  before(async () => {
    // `local` delivery aimed at the sink instead of the built-in mailbox: the lanes are the subject here. The sink takes
    // the credential local delivery presents to the mailbox.
    h = await startHarness(db(), { LETTR_DELIVERY_CONCURRENCY: '2', LETTR_SMTP_TIMEOUT: '60s' });
    sink = await startSmtpSink({ auth: { user: MAILBOX_SMTP_USER, pass: h.ctx.secrets.derive(MAILBOX_SMTP_PURPOSE) } });
    deliveryRuntime(h.ctx).setMailboxPort(sink.port);
    key = (await h.createKey(await h.createTeam())).key;
    assert.equal((await h.api.post('/api/domains', key, { domain: 'lanes.test' })).status, 201);
  });
  after(async () => {
    await sink.close();
    await h.close();
  });

  test('a stalled bulk backlog does not delay a transactional message', async () => {
    const bulk = ['bulk0', 'bulk1', 'bulk2'].map((n) => `${n}@example.org`);
    for (const rcpt of bulk) sink.script({ phase: 'rcpt', rcpt, action: { stall: true } });
    for (const rcpt of bulk) await send(h, key, { from: 'news@lanes.test', to: [rcpt], options: { transactional: false } });
    const reset = await send(h, key, { from: 'security@lanes.test', to: ['vip@example.org'], subject: 'Password reset' });

    const worker = new Worker(h.ctx, [deliverHandler(h.ctx)], 20);
    await worker.start();
    try {
      const [got] = await sink.waitForMessages(1, 15_000);
      assert.deepEqual(got?.rcptTo, ['vip@example.org']);
      // Once the reset's transaction commits, the bulk lane is still holding its one slot on a stalled server.
      for (let i = 0; i < 100 && (await statusesOf(h, reset.requestId))['vip@example.org']?.status !== 'delivered'; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await statusesOf(h, reset.requestId))['vip@example.org']?.status, 'delivered');
      assert.equal(sink.messages.filter((m) => bulk.includes(m.rcptTo[0]!)).length, 0);
      const inFlight = await h.ctx.db.kysely.selectFrom('jobs').select(['lane']).where('queue', '=', 'deliver').where('locked_by', 'is not', null).execute();
      assert.deepEqual(inFlight.map((j) => j.lane), ['bulk'], 'bulk has exactly its one slot busy');
    } finally {
      await worker.stop(50);
    }
  });
});
