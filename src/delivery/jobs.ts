// The `deliver` queue handler: two lanes with their own claim loops and slots (foundation queue lanes), so a bulk
// backlog never delays transactional mail. Sized per process (LETTR_DELIVERY_CONCURRENCY, default from the machine).
import { extendLease, type JobHandler } from '../queue/index.js';
import { DELIVER_QUEUE } from '../sending/index.js';
import type { AppContext } from '../http/context.js';
import { deliverRecipient, type DeliverPayload } from './pipeline.js';
import { deliveryRuntime } from './runtime.js';

export { DELIVER_QUEUE };

/**
 * A short lease kept alive by a heartbeat while the attempt runs: a live attempt (several MX hosts, each with its
 * own timeouts) is never claimed twice, and the jobs of a process that died are picked up again within one lease
 * instead of after a worst-case attempt time. Capped at 15 s: the heartbeat, not the lease, covers a slow attempt.
 */
export function deliverLeaseMs(smtpTimeoutMs: number): number {
  return Math.min(15_000, Math.max(5_000, 2 * smtpTimeoutMs));
}

export function deliverHandler(ctx: AppContext): JobHandler<DeliverPayload> {
  const runtime = deliveryRuntime(ctx);
  const leaseMs = deliverLeaseMs(ctx.config.smtpTimeoutMs);
  return {
    queue: DELIVER_QUEUE,
    loops: [
      { lanes: ['transactional'], concurrency: runtime.concurrency.transactional },
      { lanes: ['bulk'], concurrency: runtime.concurrency.bulk },
    ],
    leaseMs,
    async handle(job, jobCtx) {
      // Rendering and signing run on threads, so this loop stays free to renew; the lease is confirmed once more
      // right before SMTP, and an attempt whose claim was lost stops there (the new owner delivers).
      const lease = { confirm: () => extendLease(jobCtx.db.kysely, job, jobCtx.clock.now() + leaseMs) };
      const beat = setInterval(() => {
        lease.confirm().catch((err) => jobCtx.log.warn({ err, jobId: job.id }, 'could not extend the delivery lease'));
      }, leaseMs / 3);
      try {
        return await deliverRecipient(jobCtx, runtime, job, lease);
      } finally {
        clearInterval(beat);
      }
    },
  };
}
