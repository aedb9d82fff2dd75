// What other capabilities and the server may use from webhooks.
export { webhookRoutes } from './routes.js';
export { webhookJobs, FANOUT_QUEUE } from './jobs.js';
export { DISPATCH_QUEUE } from './batches.js';
export { closeWebhookRuntime } from './runtime.js';
export { verifyWebhook, type VerifyOptions, type VerifyResult, type WebhookBatch } from './verify.js';
export type { WebhookSettings } from './settings.js';
export { PURPOSE as WEBHOOK_SEAL_PURPOSES } from './secrets.js';
