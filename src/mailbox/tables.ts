import type { Generated } from 'kysely';

/** The built-in catch-all mailbox: one row per envelope recipient of each message it received. */
export interface MailboxMessagesTable {
  id: Generated<number>;
  team_id: number;
  /** The message_recipients row the VERP token named, and its transmission. */
  recipient_id: number | null;
  request_id: string | null;
  mail_from: string;
  rcpt_to: string;
  message_id: string | null;
  subject: string | null;
  from_header: string | null;
  /** JSON arrays of addresses. */
  to_header: string;
  cc_header: string;
  text_body: string | null;
  html_body: string | null;
  /** JSON: [{ filename, content_type, size, content_id }]. */
  attachments: string;
  size: number;
  /** The message exactly as received (blob on SQLite, bytea on PostgreSQL). */
  raw: Buffer;
  received_at: number;
}

export interface MailboxTables {
  mailbox_messages: MailboxMessagesTable;
}
