// Read-only SQL against a test database from outside the Lettr process under test (SQLite: a second connection, which
// WAL allows beside the server's; PostgreSQL: a client). For counting by id what the server stored.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from '../../helpers/databases.js';

export async function queryRows<T>(db: TestDatabase, text: string): Promise<T[]> {
  if (db.dialect === 'sqlite') {
    const handle = new SqliteDatabase(db.url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      return handle.prepare(text).all() as T[];
    } finally {
      handle.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** request_id → recipient status, for every message stored. */
export async function recipientStatuses(db: TestDatabase): Promise<Map<string, string>> {
  const rows = await queryRows<{ request_id: string; status: string }>(db,
    'SELECT m.request_id, r.status FROM message_recipients r JOIN messages m ON m.id = r.message_id');
  return new Map(rows.map((r) => [r.request_id, r.status]));
}

/** request_id → how many events of `type` the server recorded for it. */
export async function eventCounts(db: TestDatabase, type: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ request_id: string; n: number | string }>(db,
    `SELECT request_id, COUNT(*) AS n FROM events WHERE type = '${type.replace(/'/g, "''")}' GROUP BY request_id`);
  return new Map(rows.map((r) => [r.request_id, Number(r.n)]));
}
