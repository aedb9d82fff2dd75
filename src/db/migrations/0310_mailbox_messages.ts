// The built-in mailbox's store: what `local` delivery handed over, tenant-scoped by the VERP envelope sender.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('mailbox_messages'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('recipient_id', 'bigint')
    .addColumn('request_id', 'text')
    .addColumn('mail_from', 'text', (c) => c.notNull())
    .addColumn('rcpt_to', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('from_header', 'text')
    .addColumn('to_header', 'text', (c) => c.notNull())
    .addColumn('cc_header', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('raw', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mailbox_messages_team').on('mailbox_messages').columns(['team_id', 'id']).execute();
  await db.schema.createIndex('mailbox_messages_received').on('mailbox_messages').column('received_at').execute();
}
