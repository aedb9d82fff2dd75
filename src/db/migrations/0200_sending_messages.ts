// Sending: one row per accepted request (messages), one per envelope recipient (message_recipients), and the
// Idempotency-Key store. Delivery reads and updates messages/message_recipients (INTERFACES "Sending → Delivery").
import { sql, type Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('messages'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    // No foreign key: a key may be deleted later; the message history stays.
    .addColumn('api_key_id', 'bigint')
    // The transmission id: decimal uint64, unique across teams so a lookup by id can never see two rows.
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('from_email', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('reply_to_name', 'text')
    // JSON arrays for the To and Cc headers (as given, de-duplicated); Bcc never becomes a header.
    .addColumn('header_to', 'text', (c) => c.notNull())
    .addColumn('header_cc', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    // Bodies: nulled by retention (LETTR_RETENTION_DAYS), with attachments and substitution_data.
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('amp_html', 'text')
    .addColumn('attachments', 'text')
    .addColumn('substitution_data', 'text')
    .addColumn('custom_headers', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('transactional', 'integer', (c) => c.notNull())
    .addColumn('open_tracking', 'integer', (c) => c.notNull())
    .addColumn('click_tracking', 'integer', (c) => c.notNull())
    .addColumn('inline_css', 'integer', (c) => c.notNull())
    .addColumn('perform_substitutions', 'integer', (c) => c.notNull())
    .addColumn('template_slug', 'text')
    .addColumn('project_id', 'bigint')
    .addColumn('template_version', 'integer')
    .addColumn('sending_domain', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    // queued (injected: recipients have deliver jobs) | scheduled (waiting for scheduled_at) | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sandbox', 'integer', (c) => c.notNull())
    // When injection events and deliver jobs were written: at accept, or at scheduled_at for a scheduled send.
    .addColumn('injected_at', 'bigint')
    .addColumn('bodies_pruned_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('messages_team_time').on('messages').columns(['team_id', 'created_at']).execute();
  // Retention scans old rows whose bodies are still there.
  await schema.createIndex('messages_prune').on('messages').column('created_at').where(sql.ref('bodies_pruned_at'), 'is', null).execute();

  await withId(schema.createTable('message_recipients'), dialect)
    .addColumn('message_id', 'bigint', ref('messages', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    // Envelope recipient (after a sandbox rewrite) and the address as the caller gave it.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('raw_email', 'text', (c) => c.notNull())
    .addColumn('rcpt_type', 'text', (c) => c.notNull())
    // queued | delivered | deferred | bounced | suppressed | failed | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Envelope sender bounces+<verp_token>@<bounce domain>: a bounce maps back to exactly this row.
    .addColumn('verp_token', 'text', (c) => c.notNull().unique())
    .addColumn('last_reply', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('message_recipients_message').on('message_recipients').column('message_id').execute();

  await withId(schema.createTable('idempotency_keys'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('key', 'text', (c) => c.notNull())
    // SHA-256 of method, path and canonical body: "same request" (spec §10).
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_team_key', ['team_id', 'key'])
    .execute();
  await schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();
}
