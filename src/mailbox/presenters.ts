// Mailbox rows → JSON for GET /api/mailbox/messages and `lettr mailbox list --json` (beyond the contract).
import { jsonParse } from '../db/index.js';
import type { MailboxRow } from './store.js';

export function presentMailboxMessage(row: MailboxRow) {
  const attachments = jsonParse<Array<{ filename: string | null; contentType: string; size: number; contentId: string | null }>>(row.attachments, []);
  return {
    id: row.id,
    request_id: row.request_id,
    message_id: row.message_id,
    mail_from: row.mail_from,
    rcpt_to: row.rcpt_to,
    from: row.from_header,
    to: jsonParse<string[]>(row.to_header, []),
    cc: jsonParse<string[]>(row.cc_header, []),
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    attachments: attachments.map((a) => ({ filename: a.filename, content_type: a.contentType, size: a.size, content_id: a.contentId })),
    size: row.size,
    received_at: new Date(row.received_at).toISOString(),
  };
}
