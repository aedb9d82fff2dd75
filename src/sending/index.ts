// What other capabilities may import from sending.
export { asciiDomain, emailDomain, isValidEmail, normalizedAddress } from './email-address.js';
export { isRequestId, newRequestId } from './request-id.js';
export { parseDateTime } from './schedule.js';
export type { Attachment, Recipient, RecipientType, SendOptions, SendRequest } from './request.js';
