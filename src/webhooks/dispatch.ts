// The `webhooks.dispatch` job: one attempt of one delivery, then its outcome recorded in one transaction (the attempt
// row, the delivery's state, the webhook's health, an automatic disable with its audit entry, and the job's own next
// run). A crash before that transaction commits leaves the job leased; it runs again when the lease ends, so every
// delivery is attempted at least once more (receivers dedupe on event_id).
import { metrics } from '../http/metrics.js';
import { recordAudit } from '../audit/index.js';
import { completeJob, retryJob, type ClaimedJob, type JobHandler, type JobOutcome } from '../queue/index.js';
import type { AppContext } from '../http/context.js';
import { attemptDelivery, type AttemptDeps } from './attempt.js';
import { DISPATCH_QUEUE } from './batches.js';
import { decide, disableReason, shouldDisableAfterExhaustion, type DeliveryDecision } from './outcomes.js';
import { authConfig, signingSecrets } from './secrets.js';
import type { AttemptResult } from './sender.js';
import { targetPolicy } from './settings.js';
import { findWebhookById, type DeliveryRow, type WebhookRow } from './store.js';

export interface DispatchPayload {
  deliveryId: number;
  /** A manual redelivery or a test send: one attempt, no automatic retries, no effect on the auto-disable count. */
  manual?: boolean;
}

export function dispatchHandler(ctx: AppContext, deps: AttemptDeps): JobHandler<DispatchPayload> {
  const s = ctx.config.webhooks;
  return {
    queue: DISPATCH_QUEUE,
    loops: [{ lanes: ['default'], concurrency: s.concurrency }],
    // Longer than the worst attempt (token fetch + POST, each bounded by the timeout), so a live attempt is never
    // re-claimed; after a crash the delivery is retried once this lease runs out.
    leaseMs: 2 * s.timeoutMs + 5_000,
    handle: (job, c) => dispatchOnce(job, c, deps),
  };
}

async function dispatchOnce(job: ClaimedJob<DispatchPayload>, ctx: AppContext, deps: AttemptDeps): Promise<JobOutcome> {
  const k = ctx.db.kysely;
  const delivery = await k.selectFrom('webhook_deliveries').selectAll().where('id', '=', job.data.deliveryId).executeTakeFirst();
  // Already settled (this is a re-run after a crash or a duplicate job), or deleted with its webhook.
  if (!delivery || delivery.state !== 'pending') return { kind: 'done' };
  const hook = await findWebhookById(k, delivery.team_id, delivery.webhook_id);
  if (!hook) return { kind: 'done' };
  const manual = job.data.manual === true;
  const startedAt = ctx.clock.now();
  if (hook.enabled !== 1 && !manual) {
    await k.updateTable('webhook_deliveries')
      .set({ state: 'failed', failed_at: startedAt, next_attempt_at: null, last_error: 'webhook disabled before this delivery was sent' })
      .where('id', '=', delivery.id).execute();
    return { kind: 'done' };
  }

  const result = await attemptDelivery(deps, {
    url: hook.url,
    auth: authConfig(ctx.secrets, hook),
    secrets: signingSecrets(ctx.secrets, hook, startedAt),
    body: Buffer.from(delivery.body, 'utf8'),
    messageId: delivery.public_id,
    nowMs: startedAt,
    timeoutMs: ctx.config.webhooks.timeoutMs,
    policy: targetPolicy(ctx.config),
  });
  const finishedAt = ctx.clock.now();
  metrics.webhookAttempts.inc({ outcome: result.ok ? 'success' : 'failure' });
  const attemptNo = delivery.attempts + 1;
  let decision = decide(result, ctx.config.webhooks.retrySchedule, attemptNo, finishedAt);
  if (manual && decision.kind === 'retry') decision = { kind: 'exhausted' };

  await recordOutcome(ctx, job, hook, delivery, { result, decision, attemptNo, manual, startedAt, finishedAt });
  return decision.kind === 'retry' ? { kind: 'retry', at: decision.at, error: result.error ?? `HTTP ${result.status}` } : { kind: 'done' };
}

interface Recorded {
  result: AttemptResult;
  decision: DeliveryDecision;
  attemptNo: number;
  manual: boolean;
  startedAt: number;
  finishedAt: number;
}

async function recordOutcome(ctx: AppContext, job: ClaimedJob<DispatchPayload>, hook: WebhookRow, delivery: DeliveryRow, r: Recorded): Promise<void> {
  const { result, decision, finishedAt } = r;
  const error = result.ok ? null : (result.error ?? `HTTP ${result.status}`);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_attempts').values({
      delivery_id: delivery.id, webhook_id: hook.id, team_id: hook.team_id, attempt: r.attemptNo,
      trigger: r.manual ? 'manual' : 'automatic', url: hook.url, started_at: r.startedAt, latency_ms: result.latencyMs,
      status_code: result.status, success: result.ok ? 1 : 0, error, response_excerpt: result.responseExcerpt,
    }).execute();

    await trx.updateTable('webhook_deliveries').set({
      attempts: r.attemptNo, last_status_code: result.status, last_error: error,
      state: decision.kind === 'delivered' ? 'delivered' : decision.kind === 'retry' ? 'pending' : 'failed',
      next_attempt_at: decision.kind === 'retry' ? decision.at : null,
      delivered_at: decision.kind === 'delivered' ? finishedAt : null,
      failed_at: decision.kind === 'gone' || decision.kind === 'exhausted' ? finishedAt : null,
    }).where('id', '=', delivery.id).execute();

    const w = trx.updateTable('webhooks').where('id', '=', hook.id).where('team_id', '=', hook.team_id);
    if (result.ok) {
      await w.set({ last_status: 'success', last_successful_at: finishedAt, consecutive_exhausted: 0 }).execute();
    } else {
      await w.set({ last_status: 'failure', last_failure_at: finishedAt }).execute();
    }

    let disable: string | null = null;
    if (decision.kind === 'gone') disable = disableReason('gone', { status: result.status });
    if (decision.kind === 'exhausted' && !r.manual) {
      await trx.updateTable('webhooks').set((eb) => ({ consecutive_exhausted: eb('consecutive_exhausted', '+', 1) })).where('id', '=', hook.id).execute();
      const now = await trx.selectFrom('webhooks').select('consecutive_exhausted').where('id', '=', hook.id).executeTakeFirstOrThrow();
      if (shouldDisableAfterExhaustion(now.consecutive_exhausted, ctx.config.webhooks.disableAfter)) {
        disable = disableReason('sustained', { count: now.consecutive_exhausted });
      }
    }
    if (disable) {
      const changed = await trx.updateTable('webhooks').set({ enabled: 0, disabled_reason: disable, disabled_at: finishedAt, updated_at: finishedAt })
        .where('id', '=', hook.id).where('enabled', '=', 1).executeTakeFirst();
      if (Number(changed.numUpdatedRows) > 0) {
        await recordAudit(trx, {
          teamId: hook.team_id, actor: { type: 'system', via: 'webhooks' }, action: 'webhook.disabled',
          target: { type: 'webhook', id: hook.public_id },
          details: { reason: disable, delivery_id: delivery.public_id, status_code: result.status, error },
        }, finishedAt);
      }
    }
    // The job's next step commits with the outcome; the worker's own bookkeeping afterwards is then a no-op.
    if (decision.kind === 'retry') await retryJob(trx, job, decision.at, error);
    else await completeJob(trx, job);
  });
}
