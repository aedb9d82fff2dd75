// Group commit on SQLite: concurrent transactions share one COMMIT, a failing one is undone alone (its savepoint),
// and a transaction SQLite itself aborts (disk full) fails everyone in the batch: nobody hears "stored".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from './index.js';

function open(): { db: Database; done: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-group-'));
  const db = openDatabase({ dialect: 'sqlite', path: path.join(dir, 'x.db') });
  return { db, done: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const rows = async (db: Database) => (await sql<{ v: string }>`SELECT v FROM t ORDER BY v`.execute(db.kysely)).rows.map((r) => r.v);

test('concurrent transactions commit together; a failing one is rolled back alone', async () => {
  const { db, done } = open();
  try {
    await sql`CREATE TABLE t (v TEXT UNIQUE)`.execute(db.kysely);
    let commits = 0;
    const proto = Object.getPrototypeOf(db.sqlite!.prepare('SELECT 1'));
    const run = proto.run;
    proto.run = function (this: { source: string }, ...args: unknown[]) {
      if (/^commit$/i.test(this.source)) commits++;
      return run.apply(this, args);
    };
    try {
      const results = await Promise.allSettled(['a', 'b', 'dup', 'dup', 'c'].map((v, i) =>
        db.groupTransaction(async (trx) => {
          await sql`INSERT INTO t (v) VALUES (${v})`.execute(trx);
          if (i === 1) throw new Error('refused after writing');
          return v;
        })));
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual(await rows(db), ['a', 'c', 'dup'], "b's write and the duplicate are undone; the rest is stored");
      assert.equal(commits, 1, 'one COMMIT for the five');
    } finally {
      proto.run = run;
    }
  } finally {
    await done();
  }
});

test('when SQLite aborts the whole transaction (disk full), every member of the batch fails', async () => {
  const { db, done } = open();
  try {
    await sql`CREATE TABLE t (v TEXT)`.execute(db.kysely);
    const pages = db.sqlite!.pragma('page_count', { simple: true }) as number;
    db.sqlite!.pragma(`max_page_count = ${pages + 3}`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) =>
      db.groupTransaction((trx) => sql`INSERT INTO t (v) VALUES (${String(i).repeat(3000)})`.execute(trx))));
    assert.ok(results.every((r) => r.status === 'rejected'), JSON.stringify(results.map((r) => r.status)));
    assert.ok(results.some((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'SQLITE_FULL'));
    assert.deepEqual(await rows(db), [], 'nothing of the aborted batch is stored');
    assert.equal(db.sqlite!.inTransaction, false);
  } finally {
    await done();
  }
});
