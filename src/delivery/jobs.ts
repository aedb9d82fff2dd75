// The `deliver` queue handler: two lanes with their own claim loops and slots (foundation queue lanes), so a bulk
// backlog never delays transactional mail. Sized per process (LETTR_DELIVERY_CONCURRENCY, default from the machine).
import type { JobHandler } from '../queue/index.js';
import type { AppContext } from '../server/context.js';
import { deliverRecipient, type DeliverPayload } from './pipeline.js';
import { deliveryRuntime } from './runtime.js';

export const DELIVER_QUEUE = 'deliver';

export function deliverHandler(ctx: AppContext): JobHandler<DeliverPayload> {
  const runtime = deliveryRuntime(ctx);
  return {
    queue: DELIVER_QUEUE,
    loops: [
      { lanes: ['transactional'], concurrency: runtime.concurrency.transactional },
      { lanes: ['bulk'], concurrency: runtime.concurrency.bulk },
    ],
    // Longer than the worst attempt (several MX addresses, each with its own timeouts), so a slow but live
    // attempt is never claimed twice.
    leaseMs: Math.max(15 * 60_000, 12 * ctx.config.smtpTimeoutMs),
    handle: (job, jobCtx) => deliverRecipient(jobCtx, runtime, job),
  };
}
