// The server's SQLite dialect: a full database surfaces as SQLITE_FULL (not a failed ROLLBACK), the connection stays
// usable afterwards, and statements are prepared once and reused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { cachingDatabase, ServerSqliteDialect } from './sqlite-dialect.js';

function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-dialect-'));
  const handle = new SqliteDatabase(path.join(dir, 'x.db'));
  handle.pragma('journal_mode = WAL');
  const kysely = new Kysely<any>({ dialect: new ServerSqliteDialect(handle) });
  return { handle, kysely, done: async () => { await kysely.destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

test('a transaction that fills the database fails with SQLITE_FULL and leaves the connection usable', async () => {
  const { handle, kysely, done } = open();
  try {
    await sql`CREATE TABLE t (v TEXT)`.execute(kysely);
    // max_page_count caps the file like a full disk does: SQLite answers SQLITE_FULL and rolls the transaction back.
    const pages = handle.pragma('page_count', { simple: true }) as number;
    handle.pragma(`max_page_count = ${pages + 4}`);
    await assert.rejects(
      kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < 100; i++) await trx.insertInto('t').values({ v: 'x'.repeat(4000) }).execute();
      }),
      (err: { code?: string }) => err.code === 'SQLITE_FULL',
    );
    assert.equal(handle.inTransaction, false);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(kysely);
    assert.equal(rows[0]!.n, 0, 'nothing of the failed transaction is stored');
  } finally {
    await done();
  }
});

test('the statement cache prepares each SQL text once and stays bounded', () => {
  const handle = new SqliteDatabase(':memory:');
  let prepared = 0;
  const counting = new Proxy(handle, { get: (h, p) => (p === 'prepare' ? (s: string) => (prepared++, h.prepare(s)) : Reflect.get(h, p, h)) });
  const db = cachingDatabase(counting, 3);
  const a = db.prepare('SELECT 1');
  assert.equal(db.prepare('SELECT 1'), a);
  assert.equal(prepared, 1);
  for (const n of [2, 3, 4]) db.prepare(`SELECT ${n}`);
  assert.notEqual(db.prepare('SELECT 1'), a, 'the oldest entry was evicted');
  assert.equal(prepared, 5);
  handle.close();
});
