// Delivery against a real SMTP server that answers 250, 421, 451, 550, drops the connection mid-DATA or stalls:
// each case asserts the recipient's final state and the events recorded (spec sending.md §11), on both databases.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { eventsOf, runRetries, send, statusesOf, verifiedDomain } from './helpers.js';

const RETRY_MS = 1_000;

forEachDatabase('delivery outcomes against a scripted SMTP relay', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let key: string;
  const from = 'hello@outcomes.test';

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink({ auth: { user: 'relay', pass: 'pw' } });
    h = await startHarness(db(), {
      LETTR_DELIVERY: 'relay', LETTR_RELAY_URL: `smtp://relay:pw@127.0.0.1:${sink.port}`, LETTR_DNS_SERVERS: dns.address,
      LETTR_RETRY_SCHEDULE: `${RETRY_MS}ms,${RETRY_MS}ms`, LETTR_SMTP_TIMEOUT: '500ms', LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test',
    });
    const team = await h.createTeam();
    key = (await h.createKey(team)).key;
    await verifiedDomain(h, key, dns, 'outcomes.test');
  });
  after(async () => {
    await h.close();
    await sink.close();
    await dns.close();
  });
  beforeEach(() => sink.reset());

  test('250: delivered, with a delivery event carrying our Message-ID and the VERP envelope sender', async () => {
    const { requestId } = await send(h, key, { from, to: ['ok@example.org'] });
    await h.runJobs();
    assert.deepEqual(await statusesOf(h, requestId), { 'ok@example.org': { status: 'delivered', attempts: 1 } });
    const events = await eventsOf(h, requestId);
    assert.deepEqual(events.map((e) => e.type), ['injection', 'delivery']);
    const delivery = events[1]!.data;
    const got = sink.messages.find((m) => m.rcptTo[0] === 'ok@example.org')!;
    assert.match(got.mailFrom, /^bounces\+[0-9a-f]{24}@bounce\.lettr\.test$/);
    assert.equal(delivery.msg_from, got.mailFrom);
    assert.equal(delivery.message_id, `${requestId}.${(await h.ctx.db.kysely.selectFrom('message_recipients').select('id').where('email', '=', 'ok@example.org').executeTakeFirstOrThrow()).id}@localhost`);
    assert.match(got.raw.toString(), new RegExp(`^Message-ID: <${delivery.message_id.replace(/\./g, '\\.')}>`, 'm'));
    assert.equal(delivery.rcpt_to, 'ok@example.org');
    assert.equal(typeof delivery.queue_time, 'number');
    assert.equal(delivery.outbound_tls, '0');
    assert.equal(delivery.msg_size, got.raw.length);
  });

  test('550: bounced at once with bounce_class 10, the address is suppressed, a later send rejects it', async () => {
    sink.script({ phase: 'rcpt', rcpt: 'gone@example.org', action: { reply: 550, text: '5.1.1 <gone@example.org>: User unknown' } });
    const { requestId } = await send(h, key, { from, to: ['gone@example.org'] });
    await h.runJobs();
    assert.deepEqual(await statusesOf(h, requestId), { 'gone@example.org': { status: 'bounced', attempts: 1 } });
    const bounce = (await eventsOf(h, requestId)).find((e) => e.type === 'bounce')!.data;
    assert.deepEqual([bounce.bounce_class, bounce.error_code, bounce.raw_reason, bounce.num_retries], [10, '550', '550 5.1.1 <gone@example.org>: User unknown', 0]);
    const later = await send(h, key, { from, to: ['Gone@Example.org', 'fine@example.org'] });
    assert.deepEqual([later.accepted, later.rejected], [1, 1]);
  });

  test('an address that bounced while a second message to it waited: the second is held as suppressed', async () => {
    sink.script({ phase: 'rcpt', rcpt: 'twice@example.org', action: { reply: 550, text: '5.1.1 No such user' } });
    const first = await send(h, key, { from, to: ['twice@example.org'] });
    const second = await send(h, key, { from, to: ['twice@example.org'] });
    await h.runJobs();
    assert.equal((await statusesOf(h, first.requestId))['twice@example.org']!.status, 'bounced');
    assert.equal((await statusesOf(h, second.requestId))['twice@example.org']!.status, 'suppressed');
    const rejection = (await eventsOf(h, second.requestId)).find((e) => e.type === 'policy_rejection')!.data;
    assert.deepEqual([rejection.bounce_class, rejection.error_code], [25, '554']);
  });

  test('451 then 250: a delay event, then delivery on the retry', async () => {
    sink.script({ phase: 'data', rcpt: 'later@example.org', action: { reply: 451 }, times: 1 });
    const { requestId } = await send(h, key, { from, to: ['later@example.org'] });
    await h.runJobs();
    assert.deepEqual(await statusesOf(h, requestId), { 'later@example.org': { status: 'deferred', attempts: 1 } });
    await runRetries(h, 1, RETRY_MS);
    assert.deepEqual(await statusesOf(h, requestId), { 'later@example.org': { status: 'delivered', attempts: 2 } });
    const events = await eventsOf(h, requestId);
    assert.deepEqual(events.map((e) => e.type), ['injection', 'delay', 'delivery']);
    assert.deepEqual([events[1]!.data.error_code, events[1]!.data.bounce_class, events[1]!.data.num_retries], ['451', 70, 0]);
  });

  test('421 on every try: delays until the schedule runs out, then a bounce with the last class (not suppressed)', async () => {
    sink.script({ phase: 'rcpt', rcpt: 'busy@example.org', action: { reply: 421, text: '4.7.0 Try again later, closing connection' } });
    const { requestId } = await send(h, key, { from, to: ['busy@example.org'] });
    await runRetries(h, 2, RETRY_MS);
    assert.deepEqual(await statusesOf(h, requestId), { 'busy@example.org': { status: 'bounced', attempts: 3 } });
    const events = await eventsOf(h, requestId);
    assert.deepEqual(events.map((e) => e.type), ['injection', 'delay', 'delay', 'bounce']);
    assert.deepEqual([events[3]!.data.bounce_class, events[3]!.data.num_retries, events[3]!.data.error_code], [70, 2, '421']);
    // The contract reads show the delivery side's events (every response is checked against the contract).
    const read = await h.api.get(`/api/emails/events?transmissions=${requestId}`, key);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json.data.events.data.map((e: { type: string }) => e.type), ['bounce', 'delay', 'delay', 'injection']);
    const detail = await h.api.get(`/api/emails/${requestId}`, key);
    assert.equal(detail.json.data.state, 'bounced');
    assert.equal((await send(h, key, { from, to: ['busy@example.org'] })).rejected, 0);
    const jobs = await h.ctx.db.kysely.selectFrom('jobs').select('id').where('queue', '=', 'deliver').execute();
    assert.equal(jobs.length, 1, 'only the new send is queued; the bounced one left no job');
  });

  test('connection dropped mid-DATA: deferred without a reply code, delivered on the retry', async () => {
    sink.script({ phase: 'data', rcpt: 'drop@example.org', action: { drop: true }, times: 1 });
    const { requestId } = await send(h, key, { from, to: ['drop@example.org'] });
    await h.runJobs();
    const events = await eventsOf(h, requestId);
    const delay = events.find((e) => e.type === 'delay')?.data;
    assert.ok(delay, JSON.stringify(events.map((e) => [e.type, e.data.raw_reason])));
    assert.equal(delay.error_code, null);
    assert.match(delay.raw_reason, /ECONNECTION|ECONNRESET|closed/i); // how the drop surfaces depends on timing
    await runRetries(h, 1, RETRY_MS);
    assert.equal((await statusesOf(h, requestId))['drop@example.org']!.status, 'delivered');
    assert.equal(sink.messages.filter((m) => m.rcptTo[0] === 'drop@example.org').length, 1);
  });

  test('a stalled server: deferred after LETTR_SMTP_TIMEOUT', async () => {
    sink.script({ phase: 'rcpt', rcpt: 'stall@example.org', action: { stall: true }, times: 1 });
    const { requestId } = await send(h, key, { from, to: ['stall@example.org'] });
    await h.runJobs();
    assert.equal((await statusesOf(h, requestId))['stall@example.org']!.status, 'deferred');
    const delay = (await eventsOf(h, requestId)).find((e) => e.type === 'delay')!.data;
    assert.match(delay.raw_reason, /^ETIMEDOUT/);
  });

  test('several recipients of one request each get their own copy and events; Bcc never appears in a header', async () => {
    const { requestId } = await send(h, key, { from, to: ['a@example.org'], cc: ['b@example.org'], bcc: ['c@example.org'] });
    await h.runJobs();
    const statuses = await statusesOf(h, requestId);
    assert.deepEqual(Object.values(statuses).map((s) => s.status), ['delivered', 'delivered', 'delivered']);
    const copies = sink.messages.filter((m) => ['a@example.org', 'b@example.org', 'c@example.org'].includes(m.rcptTo[0]!));
    assert.equal(copies.length, 3);
    for (const c of copies) assert.doesNotMatch(c.raw.toString().split('\r\n\r\n')[0]!, /c@example\.org|^Bcc:/im);
    assert.equal((await eventsOf(h, requestId)).filter((e) => e.type === 'delivery').length, 3);
  });

  test('a domain removed after accept: policy_rejection, nothing sent', async () => {
    await verifiedDomain(h, key, dns, 'leaving.test');
    const { requestId } = await send(h, key, { from: 'x@leaving.test', to: ['p@example.org'] });
    assert.equal((await h.api.delete('/api/domains/leaving.test', key)).status, 204);
    await h.runJobs();
    assert.equal((await statusesOf(h, requestId))['p@example.org']!.status, 'failed');
    const rejection = (await eventsOf(h, requestId)).find((e) => e.type === 'policy_rejection')!.data;
    assert.match(rejection.reason, /leaving\.test/);
    assert.equal(sink.messages.filter((m) => m.rcptTo[0] === 'p@example.org').length, 0);
  });
});
