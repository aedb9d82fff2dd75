// The deliver job: load → holdIfSuppressed → refuseUnapprovedDomain → renderContent (on a template thread) →
// buildSignedMessage (on a build thread) → confirm the lease → transmit → record. The runner stops at the first final
// outcome and records it once: the recipient's status, its event and the job's next step commit in one transaction.
import { rememberRenderedSubject } from '../sending/index.js';
import { completeJob, retryJob, type ClaimedJob, type JobOutcome } from '../queue/index.js';
import type { AppContext } from '../http/context.js';
import { recordDeliveryEvent } from './events.js';
import type { DeliveryRuntime } from './runtime.js';
import { buildSignedMessage, holdIfSuppressed, refuseUnapprovedDomain, renderContent, type Stop } from './steps.js';
import { loadUnit, PENDING, updateRecipient, type DeliveryUnit } from './store.js';
import { addSuppression } from './suppressions.js';
import { judge, generationFailureFields, policyRejectionFields } from './verdict.js';

export interface DeliverPayload { recipientId: number }

const isStop = (v: unknown): v is Stop => typeof v === 'object' && v !== null && 'kind' in v
  && ((v as Stop).kind === 'policy_rejection' || (v as Stop).kind === 'generation_failure');

/** The attempt's claim on its job: confirm() renews it and says whether it is still ours. */
export interface Lease { confirm(): Promise<boolean> }

export async function deliverRecipient(ctx: AppContext, runtime: DeliveryRuntime, job: ClaimedJob<DeliverPayload>, lease: Lease): Promise<JobOutcome> {
  const unit = job.team_id === null ? null : await loadUnit(ctx.db.kysely, job.team_id, job.data.recipientId);
  // Gone (team deleted) or already final: a duplicate or a re-run after a crash that recorded its outcome.
  if (!unit || !PENDING.includes(unit.recipient.status)) return finish(ctx, job, { kind: 'done' });

  const stop = (await holdIfSuppressed(ctx, unit)) ?? (await refuseUnapprovedDomain(ctx, unit));
  if (stop) return recordStop(ctx, job, unit, stop);
  const content = await renderContent(ctx, runtime, unit);
  if (isStop(content)) return recordStop(ctx, job, unit, content);
  // History shows what was sent: the subject as rendered for this recipient, when substitutions changed it.
  if (content.value.subject !== (unit.message.subject ?? '') && unit.recipient.rendered_subject !== content.value.subject) {
    await rememberRenderedSubject(ctx.db.kysely, unit.recipient.id, content.value.subject);
  }
  const signed = await buildSignedMessage(ctx, runtime, unit, content.value);
  if (isStop(signed)) return recordStop(ctx, job, unit, signed);

  if (!(await lease.confirm())) return leaseLost(ctx, job);
  const outcome = await runtime.transport.send(signed.envelope, signed.raw);
  const now = ctx.clock.now();
  const verdict = judge(outcome, {
    attemptsMade: unit.recipient.attempts + 1, now, injectedAt: unit.message.injected_at ?? unit.message.created_at,
    retrySchedule: ctx.config.retryScheduleMs, msgSize: signed.raw.length,
  });
  const lastReply = outcome.kind === 'delivered' ? outcome.reply : outcome.rawReason;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const applied = await updateRecipient(trx, unit, { status: verdict.status, attempted: true, lastReply, now });
    if (!applied) return done(trx, job);
    await recordDeliveryEvent(trx, unit, verdict.type, verdict.fields, { messageId: signed.messageId, msgFrom: signed.envelope.from, now });
    if (verdict.status === 'bounced' && verdict.suppress) {
      await addSuppression(trx, {
        teamId: unit.message.team_id, email: unit.recipient.email, reason: 'hard_bounce', bounceClass: verdict.bounceClass,
        requestId: unit.message.request_id, rawReason: lastReply, now,
      });
    }
    if (verdict.retryAt !== null) {
      await retryJob(trx, job, verdict.retryAt, lastReply);
      return { kind: 'retry', at: verdict.retryAt, error: lastReply } as const;
    }
    return done(trx, job);
  });
}

/** Someone else claimed the job after our lease lapsed: send nothing, record nothing (the fenced outcome is a no-op). */
function leaseLost(ctx: AppContext, job: ClaimedJob<DeliverPayload>): JobOutcome {
  ctx.log.warn({ jobId: job.id, recipientId: job.data.recipientId }, 'delivery lease lost before SMTP; the new owner delivers');
  return { kind: 'retry', at: ctx.clock.now(), error: 'lease lost before SMTP' };
}

async function done(trx: Parameters<typeof completeJob>[0], job: ClaimedJob<DeliverPayload>): Promise<JobOutcome> {
  await completeJob(trx, job);
  return { kind: 'done' };
}

function finish(ctx: AppContext, job: ClaimedJob<DeliverPayload>, outcome: JobOutcome): Promise<JobOutcome> {
  return done(ctx.db.kysely, job).then(() => outcome);
}

async function recordStop(ctx: AppContext, job: ClaimedJob<DeliverPayload>, unit: DeliveryUnit, stop: Stop): Promise<JobOutcome> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const status = stop.kind === 'policy_rejection' ? stop.status : 'failed';
    const applied = await updateRecipient(trx, unit, { status, attempted: false, lastReply: stop.reason, now });
    if (applied) {
      const fields = stop.kind === 'policy_rejection' ? policyRejectionFields(stop.reason, stop.bounceClass) : generationFailureFields(stop.reason);
      await recordDeliveryEvent(trx, unit, stop.kind, fields, { messageId: null, msgFrom: null, now });
    }
    return done(trx, job);
  });
}
