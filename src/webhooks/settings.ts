// Webhook settings, parsed once from the environment with the rest of the configuration (src/config).
import type { Config } from '../config/index.js';
import type { TargetPolicy } from './target-rules.js';

export interface WebhookSettings {
  /** LETTR_WEBHOOK_ALLOW_PRIVATE: lift the private-address rule (development and tests only). */
  allowPrivate: boolean;
  /** LETTR_WEBHOOK_CA_FILE: extra trust anchors for receivers' certificates. */
  caFile: string | undefined;
  /** LETTR_WEBHOOK_BATCH: most events in one request. */
  batchSize: number;
  /** LETTR_WEBHOOK_BATCH_WINDOW: longest an event waits for its batch to fill. */
  batchWindowMs: number;
  /** LETTR_WEBHOOK_TIMEOUT: a 2xx must arrive within this (spec §6.5: 30 s). */
  timeoutMs: number;
  /** LETTR_WEBHOOK_RETRY_SCHEDULE: wait before each attempt (spec §6.8). */
  retrySchedule: number[];
  /** LETTR_WEBHOOK_DISABLE_AFTER: permanently failed deliveries in a row that disable a webhook; 0 = never. */
  disableAfter: number;
  /** LETTR_WEBHOOK_SECRET_OVERLAP: how long the previous secret keeps signing after a rotation. */
  secretOverlapMs: number;
  /** LETTR_WEBHOOK_CONCURRENCY: parallel dispatches per worker process. */
  concurrency: number;
}

export function targetPolicy(config: Pick<Config, 'env' | 'webhooks'>): TargetPolicy {
  return { httpsOnly: config.env === 'production', allowPrivate: config.webhooks.allowPrivate };
}
