// A lease never expires under a live worker (issue 11 §2): rendering is made slow on purpose — every part of the copy
// (subject, html, text, AMP, ten headers) does real template work, together well past the 5 s delivery lease — and
// the real queue worker, the real built-in mailbox over SMTP and the real database still deliver exactly one copy per
// recipient. (When rendering held the event loop, the heartbeat could not renew, the lease lapsed, the same worker
// claimed the job again and each recipient got two copies.) Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverLeaseMs } from '../../src/delivery/jobs.js';
import { PENDING } from '../../src/delivery/store.js';
import { mailboxService } from '../../src/mailbox/service.js';
import { Worker } from '../../src/queue/worker.js';
import { jobHandlers } from '../../src/server/jobs.js';
import { compileTemplate, renderTemplate } from '../../src/templates/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sendingTeam } from '../helpers/sending.js';

const SMTP_TIMEOUT_MS = 1000;
const LEASE_MS = deliverLeaseMs(SMTP_TIMEOUT_MS);
const RECIPIENTS = ['ann@example.org', 'bob@example.org'];
const LOOP = Array.from({ length: 100 }, (_, i) => i);
/** One part: 10 000 iterations, each measuring a long string ten times. Under 998 characters (a header value). */
const PART = `{{each l}}{{each l}}{{if ${Array.from({ length: 10 }, () => '#s < 0').join(' or ')}}}x{{end}}{{end}}{{end}}`;
const PARTS = 14;

/** A string length that makes one part take about `ms` on this machine (measured here, only to size the work). */
function sizeForPartMs(ms: number): number {
  const probe = 'y'.repeat(400);
  const compiled = compileTemplate(PART);
  const data = { recipient: { email: 'r@x' }, substitutionData: { l: LOOP, s: probe }, metadata: {}, envFrom: '' };
  renderTemplate(compiled, data, 'text', { maxTimeMs: 60_000 });
  const started = performance.now();
  const r = renderTemplate(compiled, data, 'text', { maxTimeMs: 60_000 });
  const took = performance.now() - started;
  assert.ok(r.ok);
  return Math.max(50, Math.round((probe.length * ms) / took));
}

forEachDatabase('delivery lease under slow rendering', (db) => {
  let h: Harness;
  let mailbox: { stop(): Promise<void> };
  let key: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_SMTP_TIMEOUT: `${SMTP_TIMEOUT_MS}ms`, LETTR_TEMPLATE_BUDGET: '300s', LETTR_DELIVERY: 'local' });
    mailbox = await mailboxService.start(h.ctx);
    ({ key } = await sendingTeam(h));
  });
  after(async () => {
    await mailbox.stop();
    await h.close();
  });

  test(`rendering that takes ~1.3 leases (${LEASE_MS} ms each): one copy per recipient`, async () => {
    // All parts of one copy together take about 1.3 leases; each alone stays well under a second.
    const length = sizeForPartMs((1.3 * LEASE_MS) / PARTS);
    const headers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`X-Heavy-${i}`, PART]));
    const sent = await h.api.post('/api/emails', key, {
      from: 'a@example.com', to: RECIPIENTS, subject: PART, html: PART, text: PART, amp_html: PART, headers,
      substitution_data: { l: LOOP, s: 'z'.repeat(length) },
    });
    assert.equal(sent.status, 200, sent.text);
    const requestId = sent.json.data.request_id as string;

    const worker = new Worker(h.ctx, jobHandlers(h.ctx), 50);
    await worker.start();
    const statuses = async () => (await h.ctx.db.kysely.selectFrom('message_recipients')
      .innerJoin('messages', 'messages.id', 'message_recipients.message_id')
      .select(['message_recipients.email', 'message_recipients.status'])
      .where('messages.request_id', '=', requestId).execute());
    try {
      // Until every recipient is final, then until every attempt still in flight has finished.
      for (;;) {
        const rows = await statuses();
        if (rows.length === RECIPIENTS.length && rows.every((r) => !PENDING.includes(r.status))) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await worker.stop(120_000);
    }
    assert.deepEqual((await statuses()).map((r) => r.status), RECIPIENTS.map(() => 'delivered'));
    const listed = await h.api.get('/api/mailbox/messages?per_page=100', key, { beyondContract: 'the local mailbox is our extension' });
    const copies = (listed.json.data.messages as Array<{ request_id: string; rcpt_to: string }>).filter((m) => m.request_id === requestId).map((m) => m.rcpt_to);
    assert.deepEqual(copies.sort(), RECIPIENTS);
    const deliveries = await h.ctx.db.kysely.selectFrom('events').select('recipient').where('request_id', '=', requestId).where('type', '=', 'delivery').execute();
    assert.deepEqual(deliveries.map((d) => d.recipient).sort(), RECIPIENTS);
  });
});
