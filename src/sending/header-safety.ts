// Rules for every request value that ends up in a message header (subject, from_name, reply_to(_name), custom
// headers, tag). A CR or LF there would let a caller start a new header or the body (header injection), so it is a
// 422, never something we strip or fold on the caller's behalf.

/**
 * Headers the platform writes itself (spec sending.md §2.4; the contract adds X-MSYS-API). Compared
 * case-insensitively (RFC 5322 §1.2.2: field names are case-insensitive).
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(
  [
    'From', 'To', 'Cc', 'Bcc', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type',
    'Content-Transfer-Encoding', 'DKIM-Signature', 'Return-Path', 'Received', 'List-Unsubscribe',
    'List-Unsubscribe-Post', 'X-MSYS-API',
  ].map((name) => name.toLowerCase()),
);

/** Custom headers per message (spec §2.4). */
export const MAX_CUSTOM_HEADERS = 10;
/** RFC 5322 §2.1.1: a line is at most 998 characters; the contract caps a header value at the same number. */
export const MAX_HEADER_VALUE = 998;

export function isReservedHeader(name: string): boolean {
  return RESERVED_HEADERS.has(name.toLowerCase());
}

/**
 * Headers a sender must not set even though we do not write them: they would forge who sent or relayed the message
 * or what a receiver's checks concluded (Sender, trace fields of RFC 5321 §4.4, Authentication-Results of RFC 8601,
 * ARC of RFC 8617, resent blocks of RFC 5322 §3.6.6), ask for receipts (RFC 8098), or change the MIME structure
 * the composer builds (RFC 2045 Content-*, MIME-Version).
 */
const FORBIDDEN_HEADERS: ReadonlySet<string> = new Set(
  [
    'Sender', 'Authentication-Results', 'DomainKey-Signature', 'Received-SPF', 'Delivered-To', 'X-Original-To',
    'Envelope-To', 'Errors-To', 'Disposition-Notification-To', 'Disposition-Notification-Options', 'Return-Receipt-To',
    'Original-Recipient',
  ].map((name) => name.toLowerCase()),
);
const FORBIDDEN_PREFIXES = ['arc-', 'resent-', 'content-'];

export function isForbiddenHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || FORBIDDEN_PREFIXES.some((p) => lower.startsWith(p));
}

/** RFC 5322 §3.6.8 field-name: printable US-ASCII except ":" (33–57, 59–126). Also bounded to keep a line short. */
export function isValidHeaderName(name: string): boolean {
  return name.length > 0 && name.length <= 76 && /^[\x21-\x39\x3b-\x7e]+$/.test(name);
}

export type HeaderValueProblem = 'line_break' | 'control';

/**
 * CR or LF anywhere is a line break (both bare and paired: some MTAs treat a bare LF as end of line).
 * Other C0 controls and DEL are not allowed in an unstructured header (RFC 5322 §3.2.5: VCHAR / WSP only).
 */
export function headerValueProblem(value: string): HeaderValueProblem | null {
  if (/[\r\n]/.test(value)) return 'line_break';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) return 'control';
  return null;
}
