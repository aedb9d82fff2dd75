// Fault scenario: direct (`mx`) delivery while the DNS resolver stops answering, then comes back. MX lookups that time
// out are temporary failures: the emails wait (delay events) and are delivered once DNS answers again; none bounces.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { Clients } from './helpers/http.js';
import { EmailLoad } from './helpers/load.js';
import { deliveredSeqs, eventually, FAULT_DOMAIN, startRelayServer } from './helpers/relay.js';
import { eventCounts } from './helpers/rows.js';
import type { FaultServer } from './helpers/server.js';
import { report, tally } from './helpers/tally.js';

const RECIPIENT_DOMAIN = 'mx-fault.example.net';
const EMAILS = 20;
const OUTAGE_MS = 4_000;

forEachDatabase('fault: DNS resolver unreachable in mx mode', (db) => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let server: FaultServer;

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink();
    dns.set(RECIPIENT_DOMAIN, 'MX', `10 mx1.${RECIPIENT_DOMAIN}`);
    dns.set(`mx1.${RECIPIENT_DOMAIN}`, 'A', '127.0.0.1');
    server = await startRelayServer({ db: db(), sink, dns, mode: 'mx', env: { LETTR_RETRY_SCHEDULE: '1s,1s,2s,2s,3s,3s,5s,5s,5s', LETTR_DNS_TIMEOUT: '300ms' } });
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    await dns?.close();
  });

  test(`${EMAILS} emails sent while DNS is silent for ${OUTAGE_MS} ms: delayed, then all delivered, none bounced`, async () => {
    const clients = new Clients(server.url);
    try {
      dns.behave('silent');
      const load = new EmailLoad({ clients: () => clients, key: server.key, from: `sender@${FAULT_DOMAIN}`, to: (seq) => `r${seq}@${RECIPIENT_DOMAIN}`, total: EMAILS });
      const answers = await load.start(4).finished();
      const accepted = answers.filter((a) => a.status === 200);
      assert.equal(accepted.length, EMAILS, 'the API accepts while DNS is down: lookups happen at delivery');
      const delayedDuringOutage = await eventually(async () => {
        const delays = await eventCounts(db(), 'delay');
        return accepted.some((a) => delays.has(a.requestId!));
      }, OUTAGE_MS, 100);
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      assert.equal(sink.messages.length, 0, 'nothing could be delivered without DNS');
      dns.behave('answer');

      const acceptedSeqs = new Set(accepted.map((a) => String(a.seq)));
      const delivered = await eventually(() => {
        const seen = new Set(deliveredSeqs(sink));
        return [...acceptedSeqs].every((s) => seen.has(s));
      }, 60_000, 200);
      const bounces = await eventCounts(db(), 'bounce');
      const bounced = accepted.filter((a) => bounces.has(a.requestId!)).map((a) => String(a.seq));
      const t = report(tally(`DNS unreachable in mx mode, then back (${db().dialect})`, answers.length, acceptedSeqs, { delivered: deliveredSeqs(sink), bounced }));
      assert.ok(delayedDuringOutage, 'failed MX lookups were recorded as delay events');
      assert.ok(delivered, `every email delivered once DNS answered; log:\n${server.proc.output().slice(-2000)}`);
      assert.equal(t.bounced, 0, 'a DNS timeout is temporary: nothing bounced');
      assert.equal(t.lost, 0);
      assert.ok(sink.messages.every((m) => m.rcptTo.every((r) => r.endsWith(`@${RECIPIENT_DOMAIN}`))));
    } finally {
      dns.behave('answer');
      await clients.close();
    }
  });
});
