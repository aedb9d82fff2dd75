// Crash safety of the send pipeline: a real `lettr start` child process accepts a few hundred emails under load and
// delivers them through a relay (a real SMTP sink in this process) until it is killed with SIGKILL mid-run. After
// a restart every accepted email reaches the sink. A duplicate is allowed only for a message that was in flight at
// the kill (its first copy reached the sink before the kill, the record of it did not commit); they are counted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startLettr, type RunningLettr } from '../helpers/spawn.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const EMAILS = 300;
const CONCURRENCY = 8;
const SENDERS = 12;

async function api(url: string, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/api${path}`, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

forEachDatabase('delivery survives SIGKILL', (db) => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  const children: RunningLettr[] = [];

  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink();
    // Every DATA waits a little, so a good number of deliveries are in flight whenever the kill lands.
    sink.script({ phase: 'data', action: { delayMs: 15 } });
  });
  after(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await sink.close();
    await dns.close();
  });

  const env = () => ({
    LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir, LETTR_PORT: '0', LETTR_RATE_LIMIT: '0',
    LETTR_DELIVERY: 'relay', LETTR_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, LETTR_DNS_SERVERS: dns.address,
    LETTR_SMTP_TIMEOUT: '2s', LETTR_DELIVERY_CONCURRENCY: String(CONCURRENCY), LETTR_LOG_LEVEL: 'warn',
  });

  async function start(): Promise<{ server: RunningLettr; url: string }> {
    const server = startLettr(['start'], { ...env(), LETTR_LOG_LEVEL: 'info' });
    children.push(server);
    const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)"/, 60_000);
    return { server, url: url! };
  }

  test(`${EMAILS} emails, SIGKILL mid-delivery, restart: every accepted email reaches the sink`, async (t) => {
    const first = await start();
    const [, key] = await first.server.waitFor(/^\s+(lttr_[0-9A-Za-z]{64})$/m);
    const created = await api(first.url, key!, 'POST', '/domains', { domain: 'crash.test' });
    assert.equal(created.status, 201);
    const detail = await api(first.url, key!, 'GET', '/domains/crash.test');
    for (const r of detail.json.data.dns.records) dns.set(r.name, r.type, r.value);
    assert.equal((await api(first.url, key!, 'POST', '/domains/crash.test/verify', {})).json.data.dkim_status, 'valid');

    // Senders post concurrently while the worker delivers; the kill comes once a third has reached the sink.
    const accepted = new Set<string>();
    let next = 0;
    let killed = false;
    const killAt = Math.floor(EMAILS / 3);
    let sinkCountAtKill = 0;
    const kill = async () => {
      if (killed) return;
      killed = true;
      first.server.child.kill('SIGKILL');
      await first.server.exited;
      // A DATA the sink was still pausing on completes on its side after the kill: let those land before counting.
      await new Promise((r) => setTimeout(r, 200));
      sinkCountAtKill = sink.messages.length;
    };
    const sender = async () => {
      while (next < EMAILS && !killed) {
        const i = next++;
        const to = `r${i}@example.org`;
        try {
          const res = await api(first.url, key!, 'POST', '/emails', { from: 'load@crash.test', to: [to], subject: `crash ${i}`, text: `message ${i}` });
          if (res.status === 200) accepted.add(to);
        } catch {
          // The process died under this request: it was never acknowledged, so it is not counted as accepted.
        }
        if (sink.messages.length >= killAt) await kill();
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    if (!killed) {
      await sink.waitForMessages(killAt, 60_000);
      await kill();
    }
    assert.ok(accepted.size >= killAt, `accepted ${accepted.size} before the kill`);
    const missingAtKill = [...accepted].filter((a) => !sink.messages.some((m) => m.rcptTo[0] === a)).length;
    assert.ok(missingAtKill > 0, 'the kill landed before every accepted email was delivered');

    const second = await start();
    const deadline = Date.now() + 120_000;
    const delivered = () => new Set(sink.messages.map((m) => m.rcptTo[0]!));
    while ([...accepted].some((a) => !delivered().has(a)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lost = [...accepted].filter((a) => !delivered().has(a));
    assert.deepEqual(lost, [], `${lost.length} accepted emails never reached the sink`);

    // Duplicates: the same recipient more than once, always with the same Message-ID, and only for messages whose
    // first copy arrived before the kill (in flight: sent, not yet recorded). At most one per delivery slot.
    const copies = new Map<string, Array<{ index: number; messageId: string }>>();
    sink.messages.forEach((m, index) => {
      const id = /^Message-ID: (.*)\r$/m.exec(m.raw.toString())?.[1] ?? '';
      copies.set(m.rcptTo[0]!, [...(copies.get(m.rcptTo[0]!) ?? []), { index, messageId: id }]);
    });
    const duplicated = [...copies.entries()].filter(([, list]) => list.length > 1);
    for (const [rcpt, list] of duplicated) {
      assert.equal(new Set(list.map((c) => c.messageId)).size, 1, `${rcpt}: one Message-ID across copies`);
      assert.ok(list[0]!.index < sinkCountAtKill, `${rcpt}: first copy arrived before the kill`);
      assert.equal(list.length, 2, `${rcpt}: at most one redelivery`);
    }
    assert.ok(duplicated.length <= CONCURRENCY, `${duplicated.length} duplicates > ${CONCURRENCY} delivery slots`);
    t.diagnostic(`accepted ${accepted.size}, sink had ${sinkCountAtKill} at the kill, ${duplicated.length} duplicate(s) after the restart`);

    second.server.child.kill('SIGTERM');
    assert.equal(await second.server.exited, 0);
  });
});
