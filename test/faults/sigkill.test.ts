// Fault scenario: the server is killed with SIGKILL while clients post emails and deliveries and webhook batches are
// in flight, then started again on the same data. Every email answered 200 must reach the sink (a duplicate is
// allowed for a delivery that was on the wire at the kill), and every event the server recorded must reach the
// webhook receiver, counted by event_id.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { eventIdsIn } from '../webhooks/support.js';
import { Clients } from './helpers/http.js';
import { EmailLoad } from './helpers/load.js';
import { deliveredSeqs, eventually, FAULT_DOMAIN, startRelayServer } from './helpers/relay.js';
import { queryRows } from './helpers/rows.js';
import type { FaultServer } from './helpers/server.js';
import { report, tally } from './helpers/tally.js';

const RECOVERED_WITHIN_MS = 120_000;
const ENV = {
  LETTR_WEBHOOK_ALLOW_PRIVATE: 'true',
  LETTR_WEBHOOK_BATCH_WINDOW: '200ms',
  LETTR_RETRY_SCHEDULE: '1s,2s,5s,10s',
  LETTR_SMTP_TIMEOUT: '3s',
  LETTR_DELIVERY_CONCURRENCY: '8',
};

forEachDatabase('fault: SIGKILL mid-load, then restart', (db) => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let receiver: HttpReceiver;
  const servers: FaultServer[] = [];

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink();
    // Every DATA waits a little, so deliveries are on the wire whenever the kill lands.
    sink.script({ phase: 'data', action: { delayMs: 20 } });
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    await receiver?.close();
    await sink?.close();
    await dns?.close();
  });

  test('every accepted email is delivered and every recorded event reaches the webhook after a restart', async () => {
    const first = await startRelayServer({ db: db(), sink, dns, env: ENV });
    servers.push(first);
    const auth = { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' };
    let clients = new Clients(first.url);
    const hook = await clients.request({ method: 'POST', path: '/api/webhooks', headers: auth,
      body: JSON.stringify({ name: 'faults', url: receiver.url, auth_type: 'none', events_mode: 'all' }) });
    assert.equal(hook.status, 201, hook.body);

    const load = new EmailLoad({ clients: () => clients, key: first.key, from: `sender@${FAULT_DOMAIN}` }).start(8);
    const flowing = await load.until((a) => a.status === 200, 150, 60_000);
    await eventually(() => sink.messages.length >= 40 && receiver.requests.length >= 2, 30_000, 20);
    await first.kill('SIGKILL');
    const answers = await load.stop();
    await clients.close();
    assert.ok(flowing, 'load was flowing before the kill');
    const sinkAtKill = sink.messages.length;

    const restartedAt = Date.now();
    const second = await startRelayServer({ db: db(), sink, dns, env: ENV, key: first.key });
    servers.push(second);
    clients = new Clients(second.url);

    const accepted = new Set(answers.filter((a) => a.status === 200).map((a) => String(a.seq)));
    const delivered = await eventually(() => {
      const seen = new Set(deliveredSeqs(sink));
      return [...accepted].every((s) => seen.has(s));
    }, RECOVERED_WITHIN_MS, 200);
    const recoveredMs = Date.now() - restartedAt;
    const t = report(tally(`SIGKILL mid-load (${db().dialect})`, answers.length, accepted, { delivered: deliveredSeqs(sink).filter((s) => accepted.has(s)) }));
    process.stdout.write(`[fault] SIGKILL (${db().dialect}): ${sinkAtKill} delivered before the kill, all delivered ${recoveredMs} ms after the restart began\n`);
    assert.ok(delivered, `every accepted email reached the sink after the restart; log:\n${second.proc.output().slice(-2000)}`);
    assert.equal(t.lost, 0);
    // A duplicate needs a delivery on the wire at the kill; at most one per delivery slot of the killed process.
    assert.ok(t.duplicates <= Number(ENV.LETTR_DELIVERY_CONCURRENCY) * 2, `duplicates (${t.duplicates}) bounded by the deliveries in flight at the kill`);

    // Every event the server recorded (injection, delivery, …) arrives at the webhook, whichever process recorded it.
    const recorded = async () => (await queryRows<{ event_id: string }>(db(), 'SELECT event_id FROM events')).map((r) => r.event_id);
    // The sink can hold the last copies before their delivery events commit: wait for those events too.
    const allEvents = await eventually(async () => {
      const ids = await recorded();
      const got = new Set(eventIdsIn(receiver.requests));
      return ids.length >= accepted.size * 2 && ids.every((id) => got.has(id));
    }, RECOVERED_WITHIN_MS, 250);
    const ids = await recorded();
    const got = eventIdsIn(receiver.requests);
    const unique = new Set(got);
    const missing = ids.filter((id) => !unique.has(id));
    process.stdout.write(`[fault] SIGKILL (${db().dialect}) webhooks: events=${ids.length} received=${unique.size} duplicates=${got.length - unique.size} lost=${missing.length}\n`);
    assert.ok(allEvents, `every recorded event reached the webhook; missing ${missing.length}, e.g. ${missing.slice(0, 3).join(', ')}`);
    assert.ok(ids.length >= accepted.size * 2, 'injection and delivery events were recorded for the accepted emails');
    await second.stop();
  });
});
