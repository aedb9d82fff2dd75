// What other capabilities may import from delivery.
export { isSuppressed, filterSuppressed, addSuppression, removeSuppression, listSuppressions, normalizeAddress, type NewSuppression, type SuppressionReason } from './suppressions.js';
export { newVerpToken, verpAddress, parseVerpAddress } from './verp.js';
export { deliverHandler, DELIVER_QUEUE } from './jobs.js';
export { deliveryRuntime } from './runtime.js';
export { MAILBOX_SMTP_PURPOSE, MAILBOX_SMTP_USER } from './transports/local.js';
export { recipientByVerpToken } from './store.js';
export { dnsTxtResolver } from './dns-txt.js';
export { BOUNCE_CLASSES, isHardBounce, type BounceClass } from './bounce-classes.js';
export type { DeliveryTables } from './tables.js';
export { issueUnsubscribeToken, readUnsubscribeToken, unsubscribeUrl, type UnsubscribeClaims, type Macer } from './unsubscribe-token.js';
