// Double opt-in (spec §8): one row per confirmation mail. The link carries the row's id under a MAC; the row makes
// it single-use (used_at) and remembers where a valid click goes.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('audience_confirmations'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('contact_id', 'bigint', ref('audience_contacts', { cascade: true }))
    .addColumn('redirect_url', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
