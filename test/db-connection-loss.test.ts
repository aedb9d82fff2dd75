// PostgreSQL drops a connection while it is checked out (a restart, an admin's pg_terminate_backend): the statement
// fails, the process survives, and the pool serves the next query on a fresh connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/index.js';
import { createTestDatabase, testDialects } from './helpers/databases.js';

const run = testDialects().includes('postgres');

test('a connection terminated inside a transaction fails that transaction only', { skip: run ? false : 'PostgreSQL not configured' }, async (t) => {
  const tdb = await createTestDatabase('postgres');
  const db: Database = openDatabase({ dialect: 'postgres', url: tdb.url });
  const admin = new pg.Client({ connectionString: process.env.LETTR_TEST_POSTGRES_URL });
  await admin.connect();
  t.after(async () => {
    await admin.end();
    await db.close();
    await tdb.drop();
  });

  await assert.rejects(
    db.kysely.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // Let the server's termination notice arrive while the connection sits checked out between statements.
      await new Promise((r) => setTimeout(r, 200));
      await sql`SELECT 1`.execute(trx);
    }),
  );
  const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
  assert.equal(rows[0]!.one, 1);
});
