// The package's programmatic entry: run a Lettr server from code, and the helpers receivers use.
export { loadConfig, type Config } from './config/index.js';
export { startServer, type RunningServer } from './server/start.js';
export { verifyWebhook, type VerifyOptions, type VerifyResult, type WebhookBatch } from './webhooks/index.js';
