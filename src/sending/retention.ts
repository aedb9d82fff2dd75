// Retention (LETTR_RETENTION_DAYS, default 30): message bodies (html, text, AMP, attachments, substitution_data) are
// nulled and events deleted once older than the window; expired Idempotency-Keys go too. Headers of a message (from,
// subject, recipients) stay so delivery history keeps its shape. Work is done in bounded batches so one run never
// holds a long write lock; a run that hit its bound comes back in a minute instead of an hour.
import type { JobHandler } from '../queue/index.js';
import type { AppContext } from '../http/context.js';
import { deleteExpiredKeys } from './idempotency-store.js';

const DAY_MS = 86_400_000;
const BATCH = 500;
/** Batches per table per run (bounded work per run; the rest waits for the next run). */
const MAX_BATCHES = 20;
export const RETENTION_EVERY_MS = 60 * 60_000;

export interface PruneResult {
  bodies: number;
  events: number;
  keys: number;
  more: boolean;
}

async function repeat(step: () => Promise<number>): Promise<{ total: number; more: boolean }> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await step();
    total += n;
    if (n < BATCH) return { total, more: false };
  }
  return { total, more: true };
}

export async function pruneExpired(ctx: AppContext, now: number): Promise<PruneResult> {
  const k = ctx.db.kysely;
  const cutoff = now - ctx.config.retentionDays * DAY_MS;
  const bodies = await repeat(async () => {
    const r = await k.updateTable('messages')
      .set({ html: null, text: null, amp_html: null, attachments: null, substitution_data: null, bodies_pruned_at: now })
      .where('id', 'in', (eb) => eb.selectFrom('messages').select('id')
        .where('created_at', '<', cutoff)
        .where('bodies_pruned_at', 'is', null)
        // Not while it can still be sent: waiting for its time, or a recipient still queued or retrying.
        .where('state', '!=', 'scheduled')
        .where((w) => w.not(w.exists(w.selectFrom('message_recipients').select('message_recipients.id')
          .whereRef('message_recipients.message_id', '=', 'messages.id')
          .where('message_recipients.status', 'in', ['queued', 'deferred']))))
        .limit(BATCH))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
  const events = await repeat(async () => {
    const r = await k.deleteFrom('events')
      .where('id', 'in', (eb) => eb.selectFrom('events').select('id').where('created_at', '<', cutoff).limit(BATCH))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
  const keys = await repeat(() => deleteExpiredKeys(k, now, BATCH));
  return { bodies: bodies.total, events: events.total, keys: keys.total, more: bodies.more || events.more || keys.more };
}

export const sendingRetention: JobHandler = {
  queue: 'sending.retention',
  everyMs: RETENTION_EVERY_MS,
  async handle(_job, ctx) {
    const now = ctx.clock.now();
    const result = await pruneExpired(ctx, now);
    if (result.bodies + result.events + result.keys > 0) ctx.log.info(result, 'retention pruned');
    return { kind: 'reschedule', at: now + (result.more ? 60_000 : RETENTION_EVERY_MS) };
  },
};
