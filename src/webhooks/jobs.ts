// The webhook queue handlers a worker runs: the recurring fan-out (events → batches) and dispatch (batches → HTTP).
// The HTTP agent and the OAuth2 token cache are per process (runtime.ts); both are safe to lose in a crash.
import type { JobHandler } from '../queue/index.js';
import type { AppContext } from '../http/context.js';
import { dispatchHandler } from './dispatch.js';
import { fanOut } from './fanout.js';
import { webhookRuntime } from './runtime.js';

export const FANOUT_QUEUE = 'webhooks.fanout';
/** How often fan-out looks for new events when the last round found none (ms). */
const FANOUT_IDLE_MS = 200;
const SCAN_LIMIT = 1000;

const fanoutHandler: JobHandler = {
  queue: FANOUT_QUEUE,
  everyMs: FANOUT_IDLE_MS,
  // A round is one transaction over at most SCAN_LIMIT events; a lease left by a crashed process delays fan-out this long; an overrun is harmless (the cursor row lock serialises rounds).
  leaseMs: 5_000,
  async handle(_job, ctx) {
    const r = await fanOut(ctx, ctx.config.webhooks, SCAN_LIMIT);
    // A full scan means more events are waiting: go again at once. Otherwise wait; batch windows also need time.
    const delay = r.scanned >= SCAN_LIMIT ? 0 : Math.min(FANOUT_IDLE_MS, ctx.config.webhooks.batchWindowMs);
    return { kind: 'reschedule', at: ctx.clock.now() + delay };
  },
};

export function webhookJobs(ctx: AppContext): JobHandler[] {
  return [fanoutHandler, dispatchHandler(ctx, webhookRuntime(ctx))];
}
