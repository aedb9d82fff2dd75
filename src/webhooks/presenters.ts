// Rows → API JSON. WebhookView is the contract's; deliveries and attempts are ours (beyond the contract, spec §6.4).
import type { AttemptRow, DeliveryRow, WebhookRow } from './store.js';

/** The contract's timestamp style: `2024-01-15T10:30:00+00:00`. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function webhookView(row: WebhookRow) {
  return {
    id: row.public_id,
    name: row.name,
    url: row.url,
    enabled: row.enabled === 1,
    event_types: row.event_types === null ? null : (JSON.parse(row.event_types) as string[]),
    auth_type: row.auth_type,
    has_auth_credentials: row.credentials_sealed !== null,
    last_successful_at: isoTime(row.last_successful_at),
    last_failure_at: isoTime(row.last_failure_at),
    last_status: row.last_status,
    // Beyond the contract: why the webhook was switched off automatically (410, sustained failure), else null.
    disabled_reason: row.disabled_reason,
  };
}

export function attemptView(a: AttemptRow) {
  return {
    attempt: a.attempt,
    trigger: a.trigger,
    url: a.url,
    started_at: isoTime(a.started_at),
    latency_ms: a.latency_ms,
    status_code: a.status_code,
    success: a.success === 1,
    error: a.error,
    response_excerpt: a.response_excerpt,
  };
}

export function deliveryView(d: DeliveryRow, attempts: AttemptRow[], opts: { includeBody?: boolean } = {}) {
  return {
    id: d.public_id,
    state: d.state,
    test: d.is_test === 1,
    event_count: d.event_count,
    event_ids: JSON.parse(d.event_ids) as string[],
    attempts: d.attempts,
    next_attempt_at: d.state === 'pending' ? isoTime(d.next_attempt_at) : null,
    last_status_code: d.last_status_code,
    last_error: d.last_error,
    created_at: isoTime(d.created_at),
    delivered_at: isoTime(d.delivered_at),
    failed_at: isoTime(d.failed_at),
    ...(opts.includeBody ? { body: d.body } : {}),
    attempt_log: attempts.map(attemptView),
  };
}
