// Fault scenarios at the webhook receiver: it is down for a while and comes back on the same URL; it answers slower
// than LETTR_WEBHOOK_TIMEOUT. Every event the server recorded must still arrive, counted by event_id (only batches
// answered in time count), and the webhook must stay enabled (sustained-failure disabling is off here).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { HttpReceiver, type ReceivedRequest } from '../helpers/http-receiver.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { eventIdsIn } from '../webhooks/support.js';
import { Clients } from './helpers/http.js';
import { EmailLoad } from './helpers/load.js';
import { eventually, FAULT_DOMAIN, startRelayServer } from './helpers/relay.js';
import { queryRows } from './helpers/rows.js';
import type { FaultServer } from './helpers/server.js';

const EMAILS = 30;
const ARRIVED_WITHIN_MS = 60_000;

forEachDatabase('fault: the webhook receiver misbehaves', (db) => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let server: FaultServer;
  let clients: Clients;
  let receiver: HttpReceiver;
  let hookId: string;
  /** Every request any incarnation of the receiver got, and which of them were answered too late to count. */
  const requests: ReceivedRequest[] = [];
  const late = new Set<ReceivedRequest>();
  let nextSeq = 0;

  const listen = async (port?: number) => {
    receiver = await HttpReceiver.start({ port });
    receiver.respondWith((req) => {
      requests.push(req);
      return { status: 200 };
    });
  };

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink();
    await listen();
    server = await startRelayServer({ db: db(), sink, dns, env: {
      LETTR_WEBHOOK_ALLOW_PRIVATE: 'true', LETTR_WEBHOOK_BATCH_WINDOW: '200ms', LETTR_WEBHOOK_TIMEOUT: '1s',
      LETTR_WEBHOOK_RETRY_SCHEDULE: '0,1s,1s,2s,2s,3s,3s,5s,5s,5s,10s', LETTR_WEBHOOK_DISABLE_AFTER: '0',
    } });
    clients = new Clients(server.url);
    const hook = await clients.request({ method: 'POST', path: '/api/webhooks', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'faults', url: receiver.url, auth_type: 'none', events_mode: 'all' }) });
    assert.equal(hook.status, 201, hook.body);
    hookId = (JSON.parse(hook.body) as { data: { id: string } }).data.id;
  });
  after(async () => {
    await clients?.close();
    await server?.stop();
    await receiver?.close();
    await sink?.close();
    await dns?.close();
  });

  async function send(): Promise<number> {
    const load = new EmailLoad({ clients: () => clients, key: server.key, from: `sender@${FAULT_DOMAIN}`, total: EMAILS, firstSeq: nextSeq });
    nextSeq += EMAILS;
    const answers = await load.start(4).finished();
    return answers.filter((a) => a.status === 200).length;
  }

  /** Waits until every recorded event arrived in a batch answered in time; prints and returns the count. */
  async function allEventsArrive(scenario: string): Promise<void> {
    const recorded = async () => (await queryRows<{ event_id: string }>(db(), 'SELECT event_id FROM events')).map((r) => r.event_id);
    const received = () => eventIdsIn(requests.filter((r) => !late.has(r)));
    const ok = await eventually(async () => {
      const got = new Set(received());
      return (await recorded()).every((id) => got.has(id));
    }, ARRIVED_WITHIN_MS, 250);
    const ids = await recorded();
    const got = received();
    const unique = new Set(got);
    const lost = ids.filter((id) => !unique.has(id)).length;
    process.stdout.write(`[fault] ${scenario} (${db().dialect}): events=${ids.length} received=${unique.size} duplicates=${got.length - unique.size} lost=${lost}\n`);
    assert.ok(ok, `every recorded event reached the receiver (${lost} missing); log:\n${server.proc.output().slice(-2000)}`);
    const hook = await clients.request({ method: 'GET', path: `/api/webhooks/${hookId}`, headers: { authorization: `Bearer ${server.key}` } });
    assert.equal((JSON.parse(hook.body) as { data: { enabled: boolean } }).data.enabled, true, `the webhook is still enabled: ${hook.body}`);
  }

  test('receiver down for a while, then back on the same URL: every event arrives', async () => {
    const port = receiver.port;
    await receiver.close();
    assert.equal(await send(), EMAILS);
    await new Promise((r) => setTimeout(r, 4_000));
    const beforeUp = requests.length;
    await listen(port);
    assert.equal(beforeUp, 0, 'nothing could arrive while the receiver was down');
    await allEventsArrive('webhook receiver down, then up');
  });

  test('receiver slower than LETTR_WEBHOOK_TIMEOUT for its first answers: those batches are retried, every event arrives', async () => {
    let slowLeft = 3;
    receiver.respondWith((req) => {
      requests.push(req);
      if (slowLeft > 0) {
        slowLeft--;
        late.add(req);
        return { status: 200, delayMs: 2_500 };
      }
      return { status: 200 };
    });
    assert.equal(await send(), EMAILS);
    await allEventsArrive('webhook receiver answers slowly');
    assert.equal(slowLeft, 0, 'the slow answers were exercised');
  });
});
