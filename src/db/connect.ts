// One Kysely instance per process over better-sqlite3 (embedded) or pg (shared PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from '../config/index.js';
import type { Dialect } from './columns.js';
import type { DB } from './schema.js';

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
    if (config.path !== ':memory:') fs.mkdirSync(path.dirname(config.path), { recursive: true });
    const handle = new SqliteDatabase(config.path);
    handle.pragma('journal_mode = WAL');
    // FULL: every commit is fsynced to the WAL before we answer 200, so an accepted email survives power loss,
    // not only a process crash. Group commit (sending) amortises the fsync.
    handle.pragma('synchronous = FULL');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('foreign_keys = ON');
    const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: handle }) });
    return { kysely, dialect: 'sqlite', sqlite: handle, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: opts.poolSize ?? 10 });
  // A dropped idle connection (e.g. PostgreSQL restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
