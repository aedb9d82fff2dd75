// One Kysely instance per process over better-sqlite3 (embedded) or pg (shared PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DatabaseConfig } from '../config/index.js';
import type { Dialect } from './columns.js';
import type { DB } from './schema.js';
import { ServerSqliteDialect } from './sqlite-dialect.js';
import { sqliteOpenFailure } from './storage-error.js';

export interface Database {
  kysely: Kysely<DB>;
  dialect: Dialect;
  /** For SQLite only: the raw handle (used by the queue's BEGIN IMMEDIATE and by checkpoints). */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

// int8 (count(*), bigint ms timestamps, bigserial ids) as JS numbers: all our values are < 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(config: DatabaseConfig, opts: { poolSize?: number } = {}): Database {
  if (config.dialect === 'sqlite') {
    let handle: SqliteDatabase.Database;
    try {
      if (config.path !== ':memory:') fs.mkdirSync(path.dirname(config.path), { recursive: true });
      handle = new SqliteDatabase(config.path);
      handle.pragma('journal_mode = WAL');
      // FULL: every commit is fsynced to the WAL before we answer 200, so an accepted email survives power loss,
      // not only a process crash. Group commit (sending) amortises the fsync.
      handle.pragma('synchronous = FULL');
      handle.pragma('busy_timeout = 5000');
      handle.pragma('foreign_keys = ON');
      // Write once (user_version rewritten unchanged): a read-only file or filesystem fails here with a clear
      // message, not at the first write somewhere in the middle of starting up. (Taking the write lock alone is not
      // enough: with -wal/-shm left over, SQLite grants it on a read-only filesystem.)
      handle.pragma(`user_version = ${Number(handle.pragma('user_version', { simple: true }))}`);
    } catch (err) {
      throw sqliteOpenFailure(config.path, err);
    }
    const kysely = new Kysely<DB>({ dialect: new ServerSqliteDialect(handle) });
    return { kysely, dialect: 'sqlite', sqlite: handle, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: opts.poolSize ?? 10 });
  // A dropped idle connection (e.g. PostgreSQL restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A connection dropped while checked out (between the statements of a transaction) emits 'error' on the client,
  // where the pool's idle handler is not listening: without this the process dies on a PostgreSQL restart (found by
  // the restart fault scenario). The failing statement still rejects; the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
