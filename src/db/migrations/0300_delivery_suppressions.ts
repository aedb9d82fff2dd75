// The per-team suppression list that hard bounces feed and every send consults.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('suppressions'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('bounce_class', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('raw_reason', 'text')
    .addColumn('transactional', 'integer', (c) => c.notNull())
    .addColumn('non_transactional', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('suppressions_team_email', ['team_id', 'email'])
    .execute();
}
