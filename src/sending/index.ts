// What other capabilities may import from sending.
export { asciiDomain, emailDomain, isValidEmail, normalizedAddress } from './email-address.js';
export { isRequestId, newRequestId } from './request-id.js';
export { parseDateTime } from './schedule.js';
export { DELIVER_QUEUE, eventContextFor, eventRecipient } from './inject.js';
export { findMessage, findMessageByRequestId, recipientsOf, rememberRenderedSubject, renderedSubjects, type MessageRow, type RecipientRow } from './store.js';
export type { MessageState, RecipientStatus } from './tables.js';
export type { Attachment, Recipient, RecipientType, SendOptions, SendRequest } from './request.js';
export { acceptSend, type AcceptInput } from './commands/accept.js';
