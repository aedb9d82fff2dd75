// Webhook tables (migration 0500). Times are epoch ms, booleans 0|1, JSON as text (src/db/columns.ts conventions).
import type { Generated } from 'kysely';

export interface WebhooksTable {
  id: Generated<number>;
  /** Public id, `webhook-…` (contract WebhookView.id). */
  public_id: string;
  team_id: number;
  name: string;
  url: string;
  enabled: number;
  /** JSON array of canonical types, or null for events_mode "all" (includes types added later). */
  event_types: string | null;
  auth_type: 'none' | 'basic' | 'oauth2';
  /** Sealed JSON credentials for basic/oauth2 (purpose webhooks.credentials); null for none. */
  credentials_sealed: string | null;
  /** Sealed `whsec_…` signing secret (purpose webhooks.secret). */
  secret_sealed: string;
  /** After a rotation: the previous secret, still signing until previous_secret_expires_at. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  last_status: 'success' | 'failure' | null;
  last_successful_at: number | null;
  last_failure_at: number | null;
  /** Deliveries permanently failed in a row since the last success (auto-disable counter, spec §6.8). */
  consecutive_exhausted: number;
  disabled_reason: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Event rows matched to a webhook and not yet cut into a delivery batch. */
export interface WebhookPendingTable {
  id: Generated<number>;
  webhook_id: number;
  team_id: number;
  /** events.id */
  event_row_id: number;
  queued_at: number;
}

/** Where fan-out has read the event log up to: (transaction id, event row id) on PostgreSQL, row id on SQLite. */
export interface WebhookFanoutCursorTable {
  id: number;
  last_tx: string;
  last_event_row_id: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  /** Public id `delivery-…`; also the Standard Webhooks `webhook-id`, stable across attempts. */
  public_id: string;
  webhook_id: number;
  team_id: number;
  /** The exact JSON body sent on every attempt. */
  body: string;
  /** JSON array of the batch's event_ids, for lookups and receivers' dedupe. */
  event_ids: string;
  event_count: number;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  is_test: number;
  created_at: number;
  delivered_at: number | null;
  failed_at: number | null;
}

/** Every attempt, kept (spec §6.4 Event Log). */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  webhook_id: number;
  team_id: number;
  attempt: number;
  /** automatic | manual */
  trigger: string;
  url: string;
  started_at: number;
  latency_ms: number;
  status_code: number | null;
  success: number;
  error: string | null;
  /** At most 2 KB of the receiver's answer. */
  response_excerpt: string | null;
}

export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_pending: WebhookPendingTable;
  webhook_fanout_cursor: WebhookFanoutCursorTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
