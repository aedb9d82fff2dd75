// from / to / cc / bcc / reply_to and the display names (spec sending.md §2.1–2.2).
import { asciiDomain, isValidEmail, normalizedAddress, splitAddress } from './email-address.js';
import { text } from './messages.js';
import type { Body, ErrorBag, Recipient, RecipientType } from './request.js';
import { codePoints, readOptionalString } from './validate-scalars.js';

/** Recipients per request, to + cc + bcc after de-duplication (spec §1.3, §2.2). */
export const MAX_RECIPIENTS = 50;
/** Every address and display name (contract maxLength). */
export const MAX_ADDRESS = 255;

export interface SenderFields {
  from: string | null;
  fromName: string | null;
  replyTo: string | null;
  replyToName: string | null;
}

export function readSender(body: Body, bag: ErrorBag): SenderFields {
  let from: string | null = null;
  if (body.from === undefined || body.from === null || body.from === '') bag.add('from', text.fromRequired);
  else from = readAddress(body.from, 'from', bag);
  const replyTo = body.reply_to === undefined || body.reply_to === null || body.reply_to === ''
    ? null
    : readAddress(body.reply_to, 'reply_to', bag);
  return {
    from,
    fromName: readOptionalString(body.from_name, 'from_name', bag, { max: MAX_ADDRESS, header: true }),
    replyTo,
    replyToName: readOptionalString(body.reply_to_name, 'reply_to_name', bag, { max: MAX_ADDRESS, header: true }),
  };
}

/**
 * One address: string, RFC 5322 dot-atom syntax (which already excludes CR/LF), ≤ 255 characters. Returned with its
 * domain in ASCII (IDNA) form: that is the form SMTP, DKIM and every stored event use.
 */
function readAddress(value: unknown, path: string, bag: ErrorBag): string | null {
  if (typeof value !== 'string') {
    bag.add(path, text.email(path));
    return null;
  }
  let ok = true;
  if (!isValidEmail(value)) {
    bag.add(path, text.email(path));
    ok = false;
  }
  if (codePoints(value) > MAX_ADDRESS) {
    bag.add(path, text.maxChars(path, MAX_ADDRESS));
    ok = false;
  }
  if (!ok) return null;
  const parts = splitAddress(value)!;
  return `${parts.local}@${asciiDomain(parts.domain)!}`;
}

export interface RecipientFields {
  to: string[];
  cc: string[];
  bcc: string[];
  recipients: Recipient[];
}

export function readRecipients(body: Body, bag: ErrorBag): RecipientFields {
  const lists = {
    to: readList(body.to, 'to', bag, true),
    cc: readList(body.cc, 'cc', bag, false),
    bcc: readList(body.bcc, 'bcc', bag, false),
  };
  // Case-insensitive de-duplication across the three lists before counting (spec §2.2 REC): one envelope
  // recipient per address, and it keeps the most visible role (to over cc over bcc).
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  const kept: Record<RecipientType, string[]> = { to: [], cc: [], bcc: [] };
  for (const type of ['to', 'cc', 'bcc'] as const) {
    for (const email of lists[type]) {
      const key = normalizedAddress(email);
      if (seen.has(key)) continue;
      seen.add(key);
      kept[type].push(email);
      recipients.push({ email, type });
    }
  }
  if (recipients.length > MAX_RECIPIENTS && !bag.has('to')) bag.add('to', text.totalRecipients(MAX_RECIPIENTS));
  return { ...kept, recipients };
}

/** A list of addresses; invalid items are reported as `to.3` and left out. Oversized lists are not walked. */
function readList(value: unknown, path: RecipientType, bag: ErrorBag, required: boolean): string[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (required) bag.add(path, text.toRequired);
    return [];
  }
  if (!Array.isArray(value)) {
    bag.add(path, text.array(path));
    return [];
  }
  if (value.length > MAX_RECIPIENTS) {
    bag.add(path, text.maxItems(path, MAX_RECIPIENTS));
    return [];
  }
  const valid: string[] = [];
  value.forEach((item, index) => {
    const address = readAddress(item, `${path}.${index}`, bag);
    if (address !== null) valid.push(address);
  });
  return valid;
}
