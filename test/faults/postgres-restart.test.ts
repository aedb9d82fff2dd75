// Fault scenario: the shared PostgreSQL server is restarted (pg_ctlcluster … restart) while clients post emails.
// While it is down the API answers 503 with Retry-After; it never answers 200 for an email it did not store; it
// recovers by itself, without a Lettr restart; /readyz says unready while the database is down and ready after. NOTE: this restarts the machine's one PostgreSQL server, which other
// test runs share: the outage is kept to one fast restart.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import { test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../helpers/databases.js';
import { Clients } from './helpers/http.js';
import { EmailLoad } from './helpers/load.js';
import { startServer } from './helpers/server.js';
import { report, tally } from './helpers/tally.js';

const ADMIN = process.env.LETTR_TEST_POSTGRES_URL;
const DOMAIN = 'pg-restart.example.com';

/** Async, so the load keeps running in this process while the server goes down and comes back. */
async function restartPostgres(): Promise<void> {
  const version = fs.readdirSync('/etc/postgresql')[0]!;
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast']);
}

test('PostgreSQL restarted under load: 503 + Retry-After while down, no 200 for an unstored email, recovers alone',
  { skip: ADMIN ? false : 'set LETTR_TEST_POSTGRES_URL to run the PostgreSQL scenarios' }, async () => {
    const db = await createTestDatabase('postgres');
    const server = await startServer({ databaseUrl: db.url, dataDir: db.dataDir, env: { LETTR_DELIVERY: 'local' } });
    const clients = new Clients(server.url);
    const load = new EmailLoad({ clients: () => clients, key: server.key, from: `sender@${DOMAIN}` });
    try {
      const added = await clients.request({ method: 'POST', path: '/api/domains', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ domain: DOMAIN }) });
      assert.equal(added.status, 201, added.body);
      load.start(8);
      assert.ok(await load.until((a) => a.status === 200, 200, 60_000), 'load is flowing before the restart');
      // A load balancer's view: /readyz polled through the outage.
      const probes: Array<{ at: number; status: number | null }> = [];
      let probing = true;
      const prober = (async () => {
        while (probing) {
          const r = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(3000) }).then((res) => res.status, () => null);
          probes.push({ at: Date.now(), status: r });
          await new Promise((res) => setTimeout(res, 50));
        }
      })();
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200, 'ready before the restart');
      const restartedAt = Date.now();
      await restartPostgres();
      const upAt = Date.now();
      const recovered = await load.until((a) => a.status === 200 && a.at > upAt, 200, 60_000);
      const readyAgain = await (async () => {
        for (let i = 0; i < 200; i++) {
          if ((await fetch(`${server.url}/readyz`).then((r) => r.status, () => null)) === 200) return true;
          await new Promise((res) => setTimeout(res, 100));
        }
        return false;
      })();
      probing = false;
      await prober;
      process.stdout.write(`[fault] postgres restart: /readyz probes ${JSON.stringify(probes.reduce<Record<string, number>>((m, p) => ({ ...m, [String(p.status)]: (m[String(p.status)] ?? 0) + 1 }), {}))}\n`);
      assert.ok(probes.some((p) => p.status === 503 && p.at >= restartedAt), '/readyz answered 503 while PostgreSQL was down');
      assert.ok(readyAgain, '/readyz answers 200 again after the restart');
      const answers = await load.stop();
      const byStatus: Record<string, number> = {};
      for (const a of answers) byStatus[a.status ?? a.error ?? 'none'] = (byStatus[a.status ?? a.error ?? 'none'] ?? 0) + 1;
      process.stdout.write(`[fault] postgres restart: answers ${JSON.stringify(byStatus)}, restart took ${upAt - restartedAt} ms\n`);
      assert.ok(recovered, `the API serves 200s again after the restart, without a Lettr restart; log:\n${server.proc.output().slice(-3000)}`);
      assert.deepEqual(answers.filter((a) => a.status !== 200 && a.status !== 503).slice(0, 5), [], 'only 200 or 503');
      const refused = answers.filter((a) => a.status === 503);
      assert.ok(refused.length > 0, 'the outage was seen as 503s');
      assert.deepEqual(refused.filter((a) => a.retryAfter === null).slice(0, 5), [], 'every 503 carries Retry-After');

      // Counted by id in the database: every 200 is a stored message.
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const stored = new Set((await c.query<{ request_id: string }>('SELECT request_id FROM messages')).rows.map((r) => r.request_id));
      await c.end();
      const accepted = answers.filter((a) => a.status === 200).map((a) => a.requestId!);
      const t = report(tally('postgres restart under load (stored)', answers.length, accepted, { delivered: [...stored] }));
      const storedButRefused = stored.size - t.delivered;
      process.stdout.write(`[fault] postgres restart: ${storedButRefused} stored email(s) were answered 503 (a client retry would send them twice)\n`);
      assert.equal(t.lost, 0, 'every email answered 200 is stored');
      assert.ok(server.alive(), 'the Lettr process stayed up');
    } finally {
      await load.stop();
      await clients.close();
      await server.stop();
      await db.drop();
    }
  });
