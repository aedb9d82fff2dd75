// Kysely's SQLite dialect with two changes for a long-running server:
//  - prepared statements are reused: Kysely prepares every query afresh, and compiling SQL was a measurable share of
//    each API request in the bench's profile. The cache is bounded (queries with IN lists vary in text).
//  - a failed ROLLBACK after SQLite already rolled the transaction back itself (it does on SQLITE_FULL, SQLITE_IOERR,
//    SQLITE_BUSY, SQLITE_NOMEM) is skipped, so the caller sees the real error (e.g. SQLITE_FULL → 503) instead of
//    "cannot rollback - no transaction is active" (→ 500). Found by the disk-full fault scenario.
import type SqliteDatabase from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; the app issues a few hundred at most, IN lists aside. */
export const STATEMENT_CACHE_SIZE = 500;

export function cachingDatabase(handle: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      // A statement still iterating (a streamed select) cannot run again: give that caller a fresh one.
      if (stmt && !stmt.busy) return stmt;
      stmt = handle.prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

class ServerSqliteDriver extends SqliteDriver {
  constructor(private readonly handle: SqliteDatabase.Database) {
    super({ database: cachingDatabase(handle) });
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.handle.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

export class ServerSqliteDialect extends SqliteDialect {
  constructor(private readonly handle: SqliteDatabase.Database) {
    super({ database: handle });
  }

  override createDriver(): Driver {
    return new ServerSqliteDriver(this.handle);
  }
}
