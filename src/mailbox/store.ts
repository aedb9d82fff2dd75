// The mailbox's queries. Every read is scoped by team.
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { ParsedMail } from './parse.js';
import type { MailboxMessagesTable } from './tables.js';

export type MailboxRow = Omit<Selectable<MailboxMessagesTable>, 'raw'>;

export interface ReceivedCopy {
  teamId: number;
  recipientId: number | null;
  requestId: string | null;
  mailFrom: string;
  rcptTo: string[];
  parsed: ParsedMail;
  raw: Buffer;
  now: number;
}

/** One row per envelope recipient: the mailbox is a catch-all, every address gets its own copy. */
export async function storeReceived(db: Executor, m: ReceivedCopy): Promise<void> {
  await db
    .insertInto('mailbox_messages')
    .values(m.rcptTo.map((rcpt) => ({
      team_id: m.teamId,
      recipient_id: m.recipientId,
      request_id: m.requestId,
      mail_from: m.mailFrom,
      rcpt_to: rcpt.toLowerCase(),
      message_id: m.parsed.messageId,
      subject: m.parsed.subject,
      from_header: m.parsed.from,
      to_header: JSON.stringify(m.parsed.to),
      cc_header: JSON.stringify(m.parsed.cc),
      text_body: m.parsed.text,
      html_body: m.parsed.html,
      attachments: JSON.stringify(m.parsed.attachments),
      size: m.raw.length,
      raw: m.raw,
      received_at: m.now,
    })))
    .execute();
}

export interface MailboxQuery {
  limit: number;
  /** Rows older than this id (the cursor). */
  beforeId?: number;
  recipient?: string;
  requestId?: string;
}

const COLUMNS = [
  'id', 'team_id', 'recipient_id', 'request_id', 'mail_from', 'rcpt_to', 'message_id', 'subject', 'from_header',
  'to_header', 'cc_header', 'text_body', 'html_body', 'attachments', 'size', 'received_at',
] as const;

/** Newest first. Fetches one extra row so the caller knows whether there is a next page. */
export async function listMailbox(db: Executor, teamId: number | null, q: MailboxQuery): Promise<MailboxRow[]> {
  let query = db.selectFrom('mailbox_messages').select(COLUMNS).orderBy('id', 'desc').limit(q.limit + 1);
  if (teamId !== null) query = query.where('team_id', '=', teamId);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.recipient) query = query.where('rcpt_to', '=', q.recipient.toLowerCase());
  if (q.requestId) query = query.where('request_id', '=', q.requestId);
  return query.execute();
}

export async function rawMessage(db: Executor, teamId: number, id: number): Promise<Buffer | null> {
  const row = await db.selectFrom('mailbox_messages').select('raw').where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.raw) : null;
}

/** Retention (LETTR_RETENTION_DAYS): received mail is a message body like any other. */
export async function pruneMailbox(db: Executor, olderThan: number): Promise<number> {
  const result = await db.deleteFrom('mailbox_messages').where('received_at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}
