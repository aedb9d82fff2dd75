// MIME composition over plain data with nodemailer's MailComposer (spec sending.md §2.7): text/AMP/HTML
// alternatives, attachments (inline `cid:` parts in multipart/related), custom headers, our Message-ID, and the
// one-click unsubscribe pair for non-transactional mail. No I/O: the result is the exact bytes to sign and send.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface Mailbox { email: string; name?: string | null }

export interface AttachmentInput { name: string; type: string; /** base64 */ data: string }

export interface MessageDraft {
  from: Mailbox;
  to: string[];
  cc: string[];
  replyTo?: Mailbox | null;
  subject: string;
  text?: string | null;
  html?: string | null;
  ampHtml?: string | null;
  attachments: AttachmentInput[];
  /** Custom headers, already validated by the sending side (names not reserved, no CR/LF). */
  headers: Record<string, string>;
  /** Including angle brackets: `<id@host>`. */
  messageId: string;
  date: Date;
  /** Set for non-transactional mail: RFC 2369 List-Unsubscribe plus RFC 8058 one-click. */
  listUnsubscribe?: { url: string; mailto?: string } | null;
}

const mailbox = (m: Mailbox): Mail.Address => ({ address: m.email, name: m.name ?? '' });

/**
 * Content-ID rule (spec §2.6, REC): an attachment `logo.png` is inline when the HTML refers to `cid:logo.png` or
 * `cid:logo`; its Content-ID is the form the HTML used.
 */
export function inlineCid(name: string, html: string | null | undefined): string | null {
  if (!html) return null;
  const base = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  for (const candidate of [name, base]) {
    if (candidate && html.includes(`cid:${candidate}`)) return candidate;
  }
  return null;
}

function attachments(draft: MessageDraft): Mail.Attachment[] {
  return draft.attachments.map((a) => {
    const cid = inlineCid(a.name, draft.html);
    return {
      filename: a.name,
      content: a.data,
      encoding: 'base64',
      contentType: a.type,
      ...(cid ? { cid, contentDisposition: 'inline' as const } : {}),
    };
  });
}

export function mailOptions(draft: MessageDraft): Mail.Options {
  const headers: Record<string, string> = { ...draft.headers };
  if (draft.listUnsubscribe) {
    // RFC 8058 §3.1: one-click needs an HTTPS URI in List-Unsubscribe and this exact POST body in the second header.
    headers['List-Unsubscribe'] = draft.listUnsubscribe.mailto
      ? `<${draft.listUnsubscribe.url}>, <${draft.listUnsubscribe.mailto}>`
      : `<${draft.listUnsubscribe.url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: mailbox(draft.from),
    to: draft.to,
    ...(draft.cc.length ? { cc: draft.cc } : {}),
    ...(draft.replyTo ? { replyTo: mailbox(draft.replyTo) } : {}),
    subject: draft.subject,
    ...(draft.text ? { text: draft.text } : {}),
    ...(draft.html ? { html: draft.html } : {}),
    ...(draft.ampHtml ? { amp: draft.ampHtml } : {}),
    attachments: attachments(draft),
    headers,
    messageId: draft.messageId,
    date: draft.date,
  };
}

/** Builds the RFC 5322 message. Bcc is never a header: each envelope recipient gets its own copy. */
export function composeMessage(draft: MessageDraft): Promise<Buffer> {
  const node = new MailComposer(mailOptions(draft)).compile();
  return new Promise((resolve, reject) => {
    node.build((err, message) => (err ? reject(err) : resolve(message)));
  });
}
