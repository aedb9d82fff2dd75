// Webhook settings are part of the one Config (LETTR_WEBHOOK_* in src/config/variables.ts).
import type { Config, WebhookConfig } from '../config/index.js';
import type { TargetPolicy } from './target-rules.js';

export type WebhookSettings = WebhookConfig;

/** Production (LETTR_ENV, which defaults from NODE_ENV) refuses plain HTTP; the allow-private switch lifts the address rule. */
export function targetPolicy(config: Pick<Config, 'env' | 'webhooks'>): TargetPolicy {
  return { httpsOnly: config.env === 'production', allowPrivate: config.webhooks.allowPrivate };
}
