// Fault scenarios for the embedded SQLite file on a small private filesystem (tmpfs):
//  - the disk fills up under load: 503 + Retry-After with a log line naming SQLITE_FULL, never a 200 for an unstored
//    email, the process stays up, and it accepts again by itself once space is freed; the file stays intact.
//  - the database's filesystem is read-only at start: `lettr start` exits with one clear sentence (no stack trace);
//    made writable again, it starts and every accepted email is still there.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { runLettr } from '../helpers/spawn.js';
import { Clients } from './helpers/http.js';
import { EmailLoad } from './helpers/load.js';
import { startServer } from './helpers/server.js';
import { report, tally } from './helpers/tally.js';
import { mountTmpfs, type Tmpfs } from './helpers/tmpfs.js';

const DOMAIN = 'storage.example.com';
const DB_FILE = 'lettr.db';

function check(dir: string): { integrity: string; requestIds: Set<string> } {
  const db = new SqliteDatabase(path.join(dir, DB_FILE), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const requestIds = new Set((db.prepare('SELECT request_id FROM messages').pluck().all() as string[]));
    return { integrity, requestIds };
  } finally {
    db.close();
  }
}

test('SQLite storage faults: disk full under load, read-only at start', async (t) => {
  const fsys = await mountTmpfs(6);
  if ('unavailable' in fsys) return t.skip(fsys.unavailable);
  const tmp: Tmpfs = fsys;
  const env = { LETTR_DELIVERY: 'local' };
  const accepted: string[] = [];
  let sent = 0;
  let key = '';
  try {
    await t.test('disk full under load: 503 while full, accepts again once space is freed, file intact', async () => {
      const server = await startServer({ databaseUrl: `sqlite:${path.join(tmp.dir, DB_FILE)}`, dataDir: tmp.dir, env });
      key = server.key;
      const clients = new Clients(server.url);
      // Big bodies (≈ 60 KB each) fill a 6 MB filesystem in about a hundred emails.
      const load = new EmailLoad({ clients: () => clients, key: server.key, from: `sender@${DOMAIN}`, padding: 'x'.repeat(60_000) });
      try {
        const added = await clients.request({ method: 'POST', path: '/api/domains', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ domain: DOMAIN }) });
        assert.equal(added.status, 201, added.body);
        load.start(4);
        assert.ok(await load.until((a) => a.status === 503, 20, 120_000), 'the full disk shows as 503s');
        const health = await clients.request({ method: 'GET', path: '/api/health' });
        assert.equal(health.status, 200, 'the process keeps serving while the disk is full');
        await tmp.remount('size=64m');
        const grownAt = Date.now();
        assert.ok(await load.until((a) => a.status === 200 && a.at > grownAt, 20, 60_000), 'accepts again once space is freed');
        const answers = await load.stop();
        sent += answers.length;
        accepted.push(...answers.filter((a) => a.status === 200).map((a) => a.requestId!));
        assert.deepEqual(answers.filter((a) => a.status !== 200 && a.status !== 503).slice(0, 5), [], `only 200 or 503; log errors:\n${[...new Set(server.proc.output().split("\n").filter((l) => l.includes("\"level\":50")).map((l) => l.replace(/"time":\d+,/, "").replace(/"reqId":"[^"]+",/, "").slice(0, 700)))].slice(0, 6).join("\n")}`);
        assert.deepEqual(answers.filter((a) => a.status === 503 && a.retryAfter === null).slice(0, 5), [], 'every 503 carries Retry-After');
        assert.match(server.proc.output(), /SQLITE_FULL/, 'the log names the cause');
      } finally {
        await load.stop();
        await clients.close();
        assert.equal(await server.stop(), 0);
      }
      const { integrity, requestIds } = check(tmp.dir);
      assert.equal(integrity, 'ok');
      const tl = report(tally('sqlite disk full (stored)', sent, accepted, { delivered: requestIds }));
      assert.equal(tl.lost, 0);
    });

    await t.test('read-only filesystem at start: one clear sentence, then starts again with every email intact', async () => {
      await tmp.remount('ro');
      const refused = await runLettr(['start'], { LETTR_DATABASE_URL: `sqlite:${path.join(tmp.dir, DB_FILE)}`, LETTR_DATA_DIR: tmp.dir, LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0' });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /cannot open the SQLite database .*lettr\.db: (its directory .* is not writable \(read-only filesystem or permissions\)|its filesystem is read-only)/);
      assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace for an operator problem');
      await tmp.remount('rw');
      const server = await startServer({ databaseUrl: `sqlite:${path.join(tmp.dir, DB_FILE)}`, dataDir: tmp.dir, env, key });
      const clients = new Clients(server.url);
      try {
        const check = await clients.request({ method: 'GET', path: '/api/auth/check', headers: { authorization: `Bearer ${key}` } });
        assert.equal(check.status, 200);
      } finally {
        await clients.close();
        assert.equal(await server.stop(), 0);
      }
      const { integrity, requestIds } = check(tmp.dir);
      assert.equal(integrity, 'ok');
      assert.equal(report(tally('sqlite read-only then writable (stored)', sent, accepted, { delivered: requestIds })).lost, 0);
    });
  } finally {
    await tmp.unmount();
  }
});
