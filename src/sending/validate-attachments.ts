// attachments[] (contract components.schemas.Attachment; spec sending.md §2.6; docs learn/sending/attachments).
import { text } from './messages.js';
import { isPlainObject, type Attachment, type ErrorBag } from './request.js';
import { checkString } from './validate-scalars.js';

/** Total of every attachment's base64 `data`, in characters (= bytes): 5 MB measured after encoding (spec §2.6). */
export const MAX_ATTACHMENTS_BASE64 = 5 * 1024 * 1024;
export const MAX_ATTACHMENT_NAME = 255;
export const MAX_ATTACHMENT_TYPE = 255;

// RFC 6838 §4.2 restricted-name for type and subtype, nothing else: the composer writes the Content-Type parameters
// itself (name=), and a caller's `; boundary=…` or `; charset=…` would change how the part is parsed.
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const WITH_PARAMETERS = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\s*;/;

/**
 * Base64 of RFC 4648 §4 with padding, no line breaks (the contract's pattern plus the length and padding rules the
 * pattern alone does not say: a string that passes the pattern but not these would decode to garbage).
 */
export function isBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(data);
}

export function readAttachments(value: unknown, bag: ErrorBag): Attachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    bag.add('attachments', text.array('attachments'));
    return [];
  }
  const attachments: Attachment[] = [];
  let total = 0;
  value.forEach((item, index) => {
    const path = `attachments.${index}`;
    if (!isPlainObject(item)) {
      bag.add(path, text.object(path));
      return;
    }
    const name = requiredString(item.name, `${path}.name`, bag, MAX_ATTACHMENT_NAME);
    let type = requiredString(item.type, `${path}.type`, bag, MAX_ATTACHMENT_TYPE);
    if (type !== null && !MIME_TYPE.test(type)) {
      bag.add(`${path}.type`, WITH_PARAMETERS.test(type) ? text.bareMimeType(`${path}.type`) : text.mimeType(`${path}.type`));
      type = null;
    }
    let data: string | null = null;
    if (item.data === undefined || item.data === null || item.data === '') bag.add(`${path}.data`, text.required(`${path}.data`));
    else if (typeof item.data !== 'string' || !isBase64(item.data)) bag.add(`${path}.data`, text.base64(`${path}.data`));
    else data = item.data;
    if (data !== null) total += data.length;
    if (name !== null && type !== null && data !== null) attachments.push({ name, type, data });
  });
  if (total > MAX_ATTACHMENTS_BASE64) bag.add('attachments', text.attachmentsTotal(MAX_ATTACHMENTS_BASE64 / (1024 * 1024)));
  return attachments;
}

/** The name becomes a Content-Disposition filename and the type a Content-Type: both are header values. */
function requiredString(value: unknown, path: string, bag: ErrorBag, max: number): string | null {
  if (value === undefined || value === null || value === '') {
    bag.add(path, text.required(path));
    return null;
  }
  if (typeof value !== 'string') {
    bag.add(path, text.string(path));
    return null;
  }
  return checkString(value, path, bag, { max, header: true }) ? value : null;
}
