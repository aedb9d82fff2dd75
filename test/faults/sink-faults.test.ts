// Fault scenarios at the receiving end: the relay's SMTP server answers 421/451 at random for a while, drops
// connections mid-DATA, or stalls past LETTR_SMTP_TIMEOUT. Each time every accepted email must reach the sink once
// the server recovers (or end in a recorded bounce), with delay events recording the trouble. Counted by id.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startSmtpSink, type SinkRule, type SmtpSink } from '../helpers/smtp-sink.js';
import { Clients } from './helpers/http.js';
import { EmailLoad, type Answer } from './helpers/load.js';
import { deliveredSeqs, eventually, FAULT_DOMAIN, startRelayServer } from './helpers/relay.js';
import { eventCounts } from './helpers/rows.js';
import type { FaultServer } from './helpers/server.js';
import { report, tally } from './helpers/tally.js';

// Short waits between delivery attempts, and enough of them that a message outlives the fault window.
const RETRIES = '1s,1s,1s,1s,2s,2s,2s,3s,3s,5s,5s,5s';
const DELIVERED_WITHIN_MS = 90_000;

forEachDatabase('fault: the receiving SMTP server misbehaves', (db) => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let server: FaultServer;
  let clients: Clients;
  let nextSeq = 0;

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink();
    server = await startRelayServer({ db: db(), sink, dns, env: { LETTR_RETRY_SCHEDULE: RETRIES, LETTR_SMTP_TIMEOUT: '1500ms', LETTR_DELIVERY_CONCURRENCY: '8' } });
    clients = new Clients(server.url);
  });
  after(async () => {
    await clients?.close();
    await server?.stop();
    await sink?.close();
    await dns?.close();
  });

  /** Sends `total` emails while `rules` are in force, lifts them after `faultMs` more, and counts where each went. */
  async function scenario(name: string, total: number, rules: SinkRule[], faultMs: number) {
    const firstSeq = nextSeq;
    nextSeq += total;
    sink.reset();
    sink.script(...rules);
    const load = new EmailLoad({ clients: () => clients, key: server.key, from: `sender@${FAULT_DOMAIN}`, total, firstSeq });
    const answers = await load.start(4).finished();
    // Deliveries run after the answers: the fault lasts `faultMs` past the load, and until counted rules are spent.
    await new Promise((r) => setTimeout(r, faultMs));
    assert.ok(await eventually(() => sink.spent(), DELIVERED_WITHIN_MS), 'every counted fault fired');
    sink.reset();

    const accepted = answers.filter((a) => a.status === 200);
    const acceptedSeqs = new Set(accepted.map((a) => String(a.seq)));
    const bouncedSeqs = async () => {
      const bounces = await eventCounts(db(), 'bounce');
      return accepted.filter((a) => bounces.has(a.requestId!)).map((a) => String(a.seq));
    };
    const settled = async () => {
      const seen = new Set(deliveredSeqs(sink));
      const bounced = new Set(await bouncedSeqs());
      return [...acceptedSeqs].every((s) => seen.has(s) || bounced.has(s));
    };
    const done = await eventually(settled, DELIVERED_WITHIN_MS, 250);
    const t = report(tally(`${name} (${db().dialect})`, answers.length, acceptedSeqs, { delivered: deliveredSeqs(sink).filter((s) => acceptedSeqs.has(s)), bounced: await bouncedSeqs() }));
    assert.ok(done, `every accepted email delivered or bounced within ${DELIVERED_WITHIN_MS} ms; log:\n${server.proc.output().slice(-2000)}`);
    assert.equal(t.accepted, total, `the API accepted every email: ${JSON.stringify(answers.filter((a) => a.status !== 200).slice(0, 3))}`);
    assert.equal(t.lost, 0);
    assert.ok(server.alive(), 'the server stayed up');
    return { t, accepted, delays: await delaysFor(accepted) };
  }

  async function delaysFor(accepted: Answer[]): Promise<number> {
    const delays = await eventCounts(db(), 'delay');
    return accepted.reduce((n, a) => n + (delays.get(a.requestId!) ?? 0), 0);
  }

  test('421/451 at random for a while, then recovery: every email delivered, the trouble recorded as delay events', async () => {
    const random = () => Math.random() < 0.35;
    const { delays } = await scenario('sink answers 421/451 at random, then recovers', 60, [
      { phase: 'connect', action: { reply: 421 }, when: random },
      { phase: 'mail', action: { reply: 451 }, when: random },
      { phase: 'rcpt', action: { reply: 451 }, when: random },
      { phase: 'data', action: { reply: 451 }, when: random },
    ], 3_000);
    assert.ok(delays > 0, 'temporary failures were recorded as delay events');
  });

  test('connections dropped mid-DATA: each dropped message is retried and delivered', async () => {
    const { t, delays } = await scenario('sink drops connections mid-DATA', 30, [{ phase: 'data', action: { drop: true }, times: 10 }], 0);
    assert.ok(delays >= 10, `each of the 10 drops deferred a message (delay events: ${delays})`);
    assert.equal(t.duplicates, 0, 'a message dropped before the sink accepted it is not a duplicate');
  });

  test('a stalled server: the attempt times out after LETTR_SMTP_TIMEOUT and the retry delivers', async () => {
    const { delays } = await scenario('sink stalls past the SMTP timeout', 12, [{ phase: 'data', action: { stall: true }, times: 4 }], 0);
    assert.ok(delays >= 4, `each stalled attempt became a delay event (delay events: ${delays})`);
  });
});
