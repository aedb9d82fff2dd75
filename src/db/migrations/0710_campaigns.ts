// Campaigns (spec §8): one content to one audience selection at one time. `campaign_recipients` has one row per
// contact processed by the fan-out, written in the same transaction as that contact's message, so the fan-out's
// position is derived from it after a crash (no separate cursor to drift) and a contact can never get two messages.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('campaigns'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('from_email', 'text')
    .addColumn('from_name', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('html', 'text')
    .addColumn('template_slug', 'text')
    .addColumn('template_version', 'integer')
    // JSON arrays of internal ids; a deleted list or segment simply stops contributing.
    .addColumn('list_ids', 'text', (c) => c.notNull())
    .addColumn('segment_ids', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    .addColumn('total_recipients', 'integer')
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint')
    .addColumn('failure_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('campaigns_team').on('campaigns').columns(['team_id', 'id']).execute();

  await schema.createTable('campaign_recipients')
    .addColumn('campaign_id', 'bigint', ref('campaigns', { cascade: true }))
    .addColumn('contact_id', 'bigint', (c) => c.notNull())
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    /** queued | suppressed | rejected */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_recipients_pk', ['campaign_id', 'contact_id'])
    .execute();
  await schema.createIndex('campaign_recipients_request').on('campaign_recipients').columns(['request_id']).execute();
}
