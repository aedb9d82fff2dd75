// One Kysely instance per process over better-sqlite3 (embedded) or pg (shared PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { DatabaseConfig } from '../config/index.js';
import type { Dialect } from './columns.js';
import type { DB } from './schema.js';
import { ServerSqliteDialect } from './sqlite-dialect.js';
import { sqliteOpenFailure } from './storage-error.js';
import { GroupCommit } from './group-commit.js';
import { WalSync } from './wal-sync.js';

export interface Database {
  kysely: Kysely<DB>;
  dialect: Dialect;
  /** For SQLite only: the raw handle (used by the queue's BEGIN IMMEDIATE and by checkpoints). */
  sqlite?: SqliteDatabase.Database;
  /**
   * Resolves when every commit made before the call is durable (survives power loss). Await it before telling a
   * client something is stored. SQLite: one shared WAL fsync (group commit, wal-sync.ts); PostgreSQL: at once, its
   * COMMIT already waited for the server's WAL flush.
   */
  durable(): Promise<void>;
  /**
   * A transaction that may share its COMMIT with others arriving at the same moment (SQLite: group-commit.ts, each
   * in its own savepoint; PostgreSQL: an ordinary transaction, the server groups WAL flushes itself). For hot,
   * short write paths such as accepting an email.
   */
  groupTransaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** PostgreSQL only: the pool's connections right now (metrics). */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

// int8 (count(*), bigint ms timestamps, bigserial ids) as JS numbers: all our values are < 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The database holds every message, the mailbox and sealed secrets: owner-only. A directory we create is 0700; the
 * database file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's
 * mode), and files left wider by an older version are narrowed to 0600. An existing directory is left as it is: it
 * may be the operator's own (a database in the working directory).
 */
function prepareSqliteFiles(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'wx', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
    } catch {
      // Missing, or a read-only filesystem: opening the database says what is wrong (storage-error.ts).
    }
  }
}

export function openDatabase(config: DatabaseConfig, opts: { poolSize?: number } = {}): Database {
  if (config.dialect === 'sqlite') {
    let handle: SqliteDatabase.Database;
    try {
      if (config.path !== ':memory:') prepareSqliteFiles(config.path);
      handle = new SqliteDatabase(config.path);
      handle.pragma('journal_mode = WAL');
      // NORMAL: commits do not fsync on the event loop; `durable()` fsyncs the WAL for all of them at once before
      // anyone is told "stored", so an accepted email still survives power loss (group commit, wal-sync.ts).
      handle.pragma('synchronous = NORMAL');
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
    const wal = new WalSync(`${config.path}-wal`);
    const durable = config.path === ':memory:' ? () => Promise.resolve() : () => wal.durable();
    const group = new GroupCommit(kysely, () => handle.inTransaction);
    return {
      kysely, dialect: 'sqlite', sqlite: handle, durable,
      groupTransaction: (fn) => group.run(fn),
      close: async () => {
        await kysely.destroy();
        wal.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: opts.poolSize ?? 10 });
  // A dropped idle connection (e.g. PostgreSQL restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A connection dropped while checked out (between the statements of a transaction) emits 'error' on the client,
  // where the pool's idle handler is not listening: without this the process dies on a PostgreSQL restart (found by
  // the restart fault scenario). The failing statement still rejects; the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely, dialect: 'postgres',
    durable: () => Promise.resolve(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    groupTransaction: (fn) => kysely.transaction().execute(fn),
    close: () => kysely.destroy(),
  };
}
