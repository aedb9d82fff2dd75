// Housekeeping for the auth tables: failures are kept 30 days (the security view's window, like API logs), counters
// and blocks only as long as they can matter.
import type { JobHandler } from '../queue/index.js';

const DAY = 86_400_000;

export const authHousekeeping: JobHandler = {
  queue: 'auth.housekeeping',
  everyMs: 10 * 60_000,
  async handle(_job, ctx) {
    const now = ctx.clock.now();
    const k = ctx.db.kysely;
    await k.deleteFrom('auth_failures').where('created_at', '<', now - 30 * DAY).execute();
    await k.deleteFrom('auth_blocks').where('blocked_until', '<', now).execute();
    await k.deleteFrom('rate_limit_windows').where('window_start', '<', now - 2 * DAY).execute();
    return { kind: 'reschedule', at: now + 10 * 60_000 };
  },
};
