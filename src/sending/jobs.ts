// Sending's queue handlers. `inject` turns a scheduled message into a sent one at scheduled_at: one transaction flips
// its state scheduled → queued (the same guard the cancel uses, so exactly one of them wins), then records injection
// events and enqueues deliver jobs. Re-running it after a crash finds state ≠ scheduled and does nothing.
import type { JobHandler } from '../queue/index.js';
import { INJECT_QUEUE } from './commands/accept.js';
import { DELIVER_QUEUE, injectMessage } from './inject.js';
import { recipientsOf } from './store.js';

export const injectScheduled: JobHandler<{ messageId: number }> = {
  queue: INJECT_QUEUE,
  async handle(job, ctx) {
    const now = ctx.clock.now();
    const injected = await ctx.db.kysely.transaction().execute(async (trx) => {
      const message = await trx.selectFrom('messages').selectAll().where('id', '=', job.data.messageId).executeTakeFirst();
      if (!message || message.team_id !== job.team_id) return 0;
      const flipped = await trx.updateTable('messages').set({ state: 'queued', updated_at: now })
        .where('id', '=', message.id).where('state', '=', 'scheduled').executeTakeFirst();
      if (Number(flipped.numUpdatedRows) === 0) return 0; // cancelled, or injected by an earlier run
      return injectMessage(trx, message, await recipientsOf(trx, message.team_id, message.id), now);
    });
    if (injected > 0) ctx.wake(DELIVER_QUEUE);
    return { kind: 'done' };
  },
};
