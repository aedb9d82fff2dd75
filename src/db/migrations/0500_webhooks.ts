// Webhooks: endpoints, the fan-out cursor and pending queue, deliveries (batches) and every attempt.
import { sql, type Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('webhooks'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('event_types', 'text')
    .addColumn('auth_type', 'text', (c) => c.notNull())
    .addColumn('credentials_sealed', 'text')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('last_successful_at', 'bigint')
    .addColumn('last_failure_at', 'bigint')
    .addColumn('consecutive_exhausted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // One endpoint per target URL per team: the contract's 409.
    .addUniqueConstraint('webhooks_team_url', ['team_id', 'url'])
    .execute();

  await schema.createTable('webhook_fanout_cursor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_tx', 'text', (c) => c.notNull())
    .addColumn('last_event_row_id', 'bigint', (c) => c.notNull())
    .execute();

  if (dialect === 'postgres') {
    // Fan-out reads the event log in commit-safe order. Sequence ids are handed out before commit, so a scan by id can
    // pass a row whose transaction commits later. Every row carries its writer's transaction id instead, and fan-out
    // only reads rows whose transaction is older than every transaction still running (pg_snapshot_xmin): nothing can
    // later appear behind the cursor. SQLite has one writer at a time, so row ids already follow commit order.
    await sql`ALTER TABLE events ADD COLUMN webhook_tx xid8 NOT NULL DEFAULT pg_current_xact_id()`.execute(db);
    await sql`CREATE INDEX events_webhook_tx ON events (webhook_tx, id)`.execute(db);
  }
  // Start after whatever is already in the log: events from before webhooks existed have no subscriber. Existing rows
  // were stamped with this migration's own transaction id by the column default above.
  const last = dialect === 'postgres'
    ? await sql<{ tx: string | null; id: string | number | null }>`SELECT pg_current_xact_id()::text AS tx, max(id) AS id FROM events`.execute(db)
    : await sql<{ tx: string | null; id: string | number | null }>`SELECT '0' AS tx, max(id) AS id FROM events`.execute(db);
  await db.insertInto('webhook_fanout_cursor').values({ id: 1, last_tx: last.rows[0]?.tx ?? '0', last_event_row_id: Number(last.rows[0]?.id ?? 0) }).execute();

  await withId(schema.createTable('webhook_pending'), dialect)
    .addColumn('webhook_id', 'bigint', ref('webhooks', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('event_row_id', 'bigint', (c) => c.notNull())
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('webhook_pending_webhook').on('webhook_pending').columns(['webhook_id', 'id']).execute();

  await withId(schema.createTable('webhook_deliveries'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_id', 'bigint', ref('webhooks', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('event_ids', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .execute();
  await schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

  await withId(schema.createTable('webhook_attempts'), dialect)
    .addColumn('delivery_id', 'bigint', ref('webhook_deliveries', { cascade: true }))
    .addColumn('webhook_id', 'bigint', (c) => c.notNull())
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .execute();
  await schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'id']).execute();
}
