// lettr backup PATH: a consistent copy of the SQLite database while the server keeps running (SQLite's online backup
// API: pages are copied in steps, and a write in between restarts only what changed), plus the master key file beside
// it when secrets are sealed with a generated key — without it the copy's DKIM keys and webhook secrets cannot be
// opened. Restore: put the copy at LETTR_DATA_DIR/lettr.db and the key at LETTR_DATA_DIR/master.key, then start.
// PostgreSQL is backed up with its own tools (pg_dump, base backups); README's production checklist says how.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { loadConfig } from '../config/index.js';
import { KEY_FILE } from '../secrets/index.js';
import { assertDatabaseExists } from './context.js';
import { UsageError, type Io, type Parsed } from './io.js';

export async function backupCommand(_sub: string | undefined, { positionals }: Parsed, io: Io): Promise<void> {
  const target = positionals[0];
  if (!target) throw new UsageError('the PATH argument is required');
  const config = loadConfig();
  if (config.database.dialect !== 'sqlite') {
    throw new UsageError('lettr backup copies the SQLite file; LETTR_DATABASE_URL is PostgreSQL: use pg_dump (see README, "Production checklist")');
  }
  assertDatabaseExists(config);
  const dest = path.resolve(target);
  if (fs.existsSync(dest)) throw new UsageError(`PATH ${dest} already exists; name a new file`);
  const source = new SqliteDatabase(config.database.path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dest);
  } finally {
    source.close();
  }
  let keyCopy: string | null = null;
  const keyFile = path.join(config.dataDir, KEY_FILE);
  if (config.secretKeys.length === 0 && fs.existsSync(keyFile)) {
    keyCopy = `${dest}.${KEY_FILE}`;
    fs.copyFileSync(keyFile, keyCopy, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(keyCopy, 0o600);
  }
  const size = fs.statSync(dest).size;
  io.out({ path: dest, bytes: size, master_key: keyCopy },
    `Backed up ${config.database.path} to ${dest} (${size} bytes).`
    + (keyCopy ? `\nThe master key is copied to ${keyCopy} (mode 0600): keep it with the backup, and as secret as it.` : '\nSecrets are sealed with LETTR_SECRET_KEY: keep that value; the backup cannot be opened without it.'));
}
