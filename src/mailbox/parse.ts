// What the mailbox shows of a stored message: parsed once at receipt (mailparser), kept as plain data.
import { simpleParser, type AddressObject } from 'mailparser';

export interface ParsedMail {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  to: string[];
  cc: string[];
  text: string | null;
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number; contentId: string | null }>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '').filter(Boolean));
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    messageId: mail.messageId ?? null,
    subject: mail.subject ?? null,
    from: mail.from?.text ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    text: mail.text ?? null,
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null, contentType: a.contentType, size: a.size, contentId: a.contentId ?? null,
    })),
  };
}
