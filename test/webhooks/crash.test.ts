// The durability promise (issue 6, "never loses an event"): a real `lettr start` child takes email over HTTP while a
// receiver is slow and failing; it is killed with SIGKILL mid-flight, restarted, and every injection event recorded
// before the kill reaches the receiver at least once, counted by event_id. Duplicates are allowed (at least once).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { startLettr, type RunningLettr } from '../helpers/spawn.js';
import { eventIdsIn } from './support.js';

forEachDatabase('webhooks survive SIGKILL', (db) => {
  let rx: HttpReceiver;
  before(async () => {
    rx = await HttpReceiver.start();
  });
  after(() => rx.close());

  const env = () => ({
    LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir, LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0',
    LETTR_WEBHOOK_ALLOW_PRIVATE: 'true', LETTR_WEBHOOK_BATCH: '20', LETTR_WEBHOOK_TIMEOUT: '1s',
    LETTR_WEBHOOK_RETRY_SCHEDULE: '0,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms',
  });

  async function send(url: string, key: string, n: number, batch: number): Promise<void> {
    const to = Array.from({ length: 25 }, (_, i) => `r${batch}-${n}-${i}@example.org`);
    const res = await fetch(`${url}/api/emails`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'sender@example.com', to, subject: 'crash', text: 'hi' }),
    });
    assert.equal(res.status, 200, await res.text());
  }

  const acknowledged = () => new Set(eventIdsIn(rx.requests.filter((r) => r.path === '/crash' && r.answered !== null && r.answered < 300)));

  test('every event committed before the kill is delivered after the restart', async () => {
    // Slow answers keep requests in flight; the first ones fail so some deliveries sit in their retry schedule.
    rx.script({ status: 500 }, { status: 503 }, { delayMs: 300, status: 500 });
    rx.setDefault({ status: 200, delayMs: 150 });

    let server: RunningLettr = startLettr(['start'], env());
    let key: string;
    try {
      key = (await server.waitFor(/^\s+(lttr_[0-9A-Za-z]{64})$/m))[1]!;
      const url = (await server.waitFor(/"url":"(http:\/\/[^"]+)"/))[1]!;
      const hook = await fetch(`${url}/api/webhooks`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'crash', url: `${rx.url}/crash`, auth_type: 'none', events_mode: 'selected', events: ['message.injection'] }),
      });
      assert.equal(hook.status, 201);
      // A team sends only from a domain it has added (local delivery accepts it unverified).
      const domain = await fetch(`${url}/api/domains`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ domain: 'example.com' }),
      });
      assert.equal(domain.status, 201, await domain.text());
      for (let i = 0; i < 3; i++) await send(url, key, i, 1);
      // Kill only once delivery is under way: some batches acknowledged, others failing, slow or not yet cut.
      for (let waited = 0; acknowledged().size === 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 3; i++) await send(url, key, i, 2);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    const beforeRestart = rx.requests.length;

    // Every injection event the API acknowledged is in the database: that is the set that must arrive.
    const config = loadConfig({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });
    const database = openDatabase(config.database);
    const expected = new Set((await sql<{ event_id: string }>`SELECT event_id FROM events WHERE type = 'injection'`.execute(database.kysely)).rows.map((r) => r.event_id));
    await database.close();
    assert.equal(expected.size, 150);
    const ackedBeforeKill = acknowledged();
    assert.ok([...expected].some((id) => !ackedBeforeKill.has(id)), 'the kill happened while events were still pending');

    server = startLettr(['start'], env());
    try {
      await server.waitFor(/"msg":"lettr started"/);
      // Leases held by the killed process expire (dispatch: 2 × timeout + 5 s), then everything is sent.
      for (let waited = 0; waited < 60_000; waited += 100) {
        const got = acknowledged();
        if ([...expected].every((id) => got.has(id))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const delivered = eventIdsIn(rx.requests.filter((r) => r.path === '/crash'));
    const distinct = acknowledged();
    const missing = [...expected].filter((id) => !distinct.has(id));
    assert.deepEqual(missing, [], `${missing.length} events never reached the receiver`);
    assert.ok(delivered.every((id) => expected.has(id)), 'no unknown event ids');
    console.log(`crash test: ${expected.size} events, ${ackedBeforeKill.size} acknowledged before the kill, ${delivered.length} received in total (${delivered.length - expected.size} duplicates or retries)`);
    assert.ok(rx.requests.length > beforeRestart, 'the restarted server delivered what the killed one had pending');
  });
});
