// A password reset sent while a big campaign fans out and drains is not queued behind it (issue 15 point 4): the
// campaign's mail rides the bulk lane, transactional mail its own. Asserted by order of arrival at a real SMTP sink,
// never by time: of the messages the sink receives after the reset was accepted, at most the bulk lane's in-flight
// slot (plus one being accepted by the sink) come before it, although hundreds of campaign messages were queued first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { campaignFanout, createCampaign, sendCampaign } from '../../src/campaigns/index.js';
import { deliverHandler, deliveryRuntime, MAILBOX_SMTP_PURPOSE, MAILBOX_SMTP_USER } from '../../src/delivery/index.js';
import { Worker } from '../../src/queue/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { send } from '../delivery/helpers.js';

const CONTACTS = 600;

forEachDatabase('campaign fan-out and the transactional lane', (db) => {
  let h: Harness;
  let sink: SmtpSink;
  let key: string;
  let team: number;

  before(async () => {
    // `local` delivery aimed at the sink (it takes the credential local delivery presents to the built-in mailbox).
    h = await startHarness(db(), { LETTR_DELIVERY_CONCURRENCY: '2' });
    sink = await startSmtpSink({ auth: { user: MAILBOX_SMTP_USER, pass: h.ctx.secrets.derive(MAILBOX_SMTP_PURPOSE) } });
    deliveryRuntime(h.ctx).setMailboxPort(sink.port);
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    assert.equal((await h.api.post('/api/domains', key, { domain: 'lanes.test' })).status, 201);
    const list = (await h.api.post('/api/audience/lists', key, { name: 'Everyone' })).json.data.id;
    for (let i = 0; i < CONTACTS; i += 300) {
      const r = await h.api.post('/api/audience/contacts/bulk', key, { emails: Array.from({ length: 300 }, (_, j) => `c${i + j}@example.org`), list_id: list });
      assert.equal(r.status, 201);
    }
    const c = await createCampaign(h.ctx, team, { name: 'Big', from_email: 'news@lanes.test', subject: 'Big news', html: '<p>Hi</p>', list_ids: [list] });
    await sendCampaign(h.ctx, team, c.public_id);
  });
  after(async () => {
    await sink.close();
    await h.close();
  });

  test('a reset accepted mid-fan-out overtakes the campaign backlog', async () => {
    const worker = new Worker(h.ctx, [campaignFanout, deliverHandler(h.ctx)], 20);
    await worker.start();
    try {
      const k = h.ctx.db.kysely;
      // Wait (by polling state, not time) until the fan-out has queued a good part of the audience and is still going.
      for (let i = 0; i < 3000; i++) {
        const n = await k.selectFrom('campaign_recipients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        if (Number(n.n) >= 200) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const before = sink.messages.length;
      const reset = await send(h, key, { from: 'security@lanes.test', to: ['vip@example.org'], subject: 'Password reset' });
      const queuedBulk = await k.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('queue', '=', 'deliver').where('lane', '=', 'bulk').executeTakeFirstOrThrow();
      assert.ok(Number(queuedBulk.n) >= 100, `campaign backlog when the reset was accepted: ${queuedBulk.n}`);
      for (let i = 0; i < 3000 && !sink.messages.some((m) => m.rcptTo[0] === 'vip@example.org'); i++) await new Promise((r) => setTimeout(r, 10));
      const at = sink.messages.findIndex((m) => m.rcptTo[0] === 'vip@example.org');
      assert.ok(at >= 0, `reset ${reset.requestId} reached the sink`);
      // Behind the backlog it would arrive after ≥ 100 campaign messages. On its own lane only the bulk slot's
      // messages finished while the reset is claimed and delivered arrive first: a few, how many depends on the
      // machine's speed, so the bound is a tenth of the backlog, not a count of slots.
      assert.ok(at - before <= 10, `campaign messages delivered between the reset's acceptance and its arrival: ${at - before}`);
      const left = await k.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('queue', '=', 'deliver').where('lane', '=', 'bulk').executeTakeFirstOrThrow();
      assert.ok(Number(left.n) > 0, 'the campaign was still draining when the reset arrived');
    } finally {
      await worker.stop(50);
    }
  });
});
