// The SQLite file, its WAL and shared-memory files (which hold every message, the built-in mailbox and sealed
// secrets) and the master key file are owner-only from the first byte, in owner-only directories, whatever the umask.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openSecretBox } from '../secrets/index.js';
import { openDatabase } from './connect.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

test('a new SQLite database, its WAL and the key file are 0600 in 0700 directories, even under umask 000', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-modes-'));
  const previous = process.umask(0o000);
  try {
    const dataDir = path.join(root, 'data');
    const file = path.join(dataDir, 'db', 'lettr.db');
    const db = openDatabase({ dialect: 'sqlite', path: file });
    db.sqlite!.exec('CREATE TABLE mailbox_copy (raw BLOB)');
    db.sqlite!.prepare('INSERT INTO mailbox_copy VALUES (?)').run(Buffer.from('Subject: private\r\n\r\nbody'));
    openSecretBox({ secretKeys: [], dataDir });
    for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(dataDir, 'master.key')]) assert.equal(mode(f).toString(8), '600', f);
    for (const d of [dataDir, path.dirname(file)]) assert.equal(mode(d).toString(8), '700', d);
    await db.close();
  } finally {
    process.umask(previous);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an existing database left world-readable by an older version is narrowed to 0600 on open', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-modes-'));
  try {
    const file = path.join(root, 'old.db');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const db = openDatabase({ dialect: 'sqlite', path: file });
    assert.equal(mode(file).toString(8), '600');
    await db.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
