// Group commit: durable() fsyncs the WAL once for every caller waiting together, and never resolves a caller with a
// sync that started before its call.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { WalSync } from './wal-sync.js';

function database() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-walsync-'));
  const file = path.join(dir, 'x.db');
  const handle = new SqliteDatabase(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  return { handle, wal: new WalSync(`${file}-wal`), done: () => { handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

test('before any write there is no WAL and nothing to sync', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-walsync-'));
  const wal = new WalSync(path.join(dir, 'none.db-wal'));
  await wal.durable();
  assert.equal(wal.syncs, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a hundred concurrent callers share at most two fsyncs', async () => {
  const { handle, wal, done } = database();
  try {
    handle.exec('CREATE TABLE t (v INTEGER)');
    const waits = Array.from({ length: 100 }, (_, i) => {
      handle.prepare('INSERT INTO t VALUES (?)').run(i);
      return wal.durable();
    });
    await Promise.all(waits);
    assert.ok(wal.syncs >= 1 && wal.syncs <= 2, `syncs: ${wal.syncs}`);
  } finally {
    done();
  }
});

test('a call made while a sync runs gets a later sync of its own', async () => {
  const { handle, wal, done } = database();
  try {
    handle.exec('CREATE TABLE t (v INTEGER)');
    const first = wal.durable();
    handle.prepare('INSERT INTO t VALUES (1)').run();
    const second = wal.durable();
    assert.notEqual(first, second, 'the second commit came after the first sync started');
    await Promise.all([first, second]);
    assert.equal(wal.syncs, 2);
    await wal.durable();
    assert.equal(wal.syncs, 3, 'each new round starts a new sync');
  } finally {
    done();
  }
});
