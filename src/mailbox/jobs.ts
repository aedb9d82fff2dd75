// Retention for the local mailbox: received copies are message bodies, kept LETTR_RETENTION_DAYS like the rest.
import type { JobHandler } from '../queue/index.js';
import { pruneMailbox } from './store.js';

const EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export const mailboxRetention: JobHandler = {
  queue: 'mailbox.retention',
  everyMs: EVERY_MS,
  async handle(_job, ctx) {
    const now = ctx.clock.now();
    const pruned = await pruneMailbox(ctx.db.kysely, now - ctx.config.retentionDays * DAY_MS);
    if (pruned > 0) ctx.log.info({ pruned }, 'mailbox retention pruned');
    return { kind: 'reschedule', at: now + EVERY_MS };
  },
};
