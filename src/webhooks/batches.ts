// Cutting pending events into deliveries (issue 6 §2): a webhook's pending events become one delivery as soon as there
// are LETTR_WEBHOOK_BATCH of them, or when the oldest has waited LETTR_WEBHOOK_BATCH_WINDOW, whichever comes first.
// Each delivery stores the exact body it will send on every attempt and gets one dispatch job, in the same transaction.
import type { Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import { enqueue } from '../queue/index.js';
import type { AppContext } from '../http/context.js';
import { newDeliveryId } from './ids.js';
import { buildBatch, serializeBatch, type PayloadEvent } from './payload.js';
import type { WebhookSettings } from './settings.js';

export const DISPATCH_QUEUE = 'webhooks.dispatch';

export interface NewDelivery {
  webhookId: number;
  teamId: number;
  events: PayloadEvent[];
  test?: boolean;
  /** One attempt only (tests and manual sends), see dispatch.ts. */
  manual?: boolean;
}

/** Insert a delivery with its frozen body and enqueue its first attempt. Returns the delivery's internal id. */
export async function createDelivery(trx: Transaction<DB>, d: NewDelivery, now: number): Promise<{ id: number; publicId: string }> {
  const body = serializeBatch(buildBatch(d.events, { test: d.test ?? false })).toString('utf8');
  const publicId = newDeliveryId();
  const row = await trx.insertInto('webhook_deliveries').values({
    public_id: publicId, webhook_id: d.webhookId, team_id: d.teamId, body,
    event_ids: JSON.stringify(d.events.map((e) => e.eventId)), event_count: d.events.length,
    state: 'pending', attempts: 0, next_attempt_at: now, last_status_code: null, last_error: null,
    is_test: d.test ? 1 : 0, created_at: now, delivered_at: null, failed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  await enqueue(trx, [{ queue: DISPATCH_QUEUE, payload: d.manual ? { deliveryId: id, manual: true } : { deliveryId: id }, teamId: d.teamId, runAt: now }], now);
  return { id, publicId };
}

/** Pure: is a webhook's pending set due to be cut now? */
export function batchDue(count: number, oldestQueuedAt: number, now: number, settings: Pick<WebhookSettings, 'batchSize' | 'batchWindowMs'>): boolean {
  return count >= settings.batchSize || (count > 0 && oldestQueuedAt <= now - settings.batchWindowMs);
}

export async function cutBatches(trx: Transaction<DB>, ctx: AppContext, settings: WebhookSettings, now: number): Promise<number> {
  const groups = await trx.selectFrom('webhook_pending')
    .select((eb) => ['webhook_id', 'team_id', eb.fn.countAll<number>().as('n'), eb.fn.min('queued_at').as('oldest')])
    .groupBy(['webhook_id', 'team_id']).execute();
  let made = 0;
  for (const g of groups) {
    const webhookId = Number(g.webhook_id);
    const hook = await trx.selectFrom('webhooks').select(['enabled']).where('id', '=', webhookId).where('team_id', '=', Number(g.team_id)).executeTakeFirst();
    if (!hook || hook.enabled !== 1) {
      // Disabled while events waited: a disabled webhook keeps no backlog (spec §6.1, re-enabling resumes from now).
      await trx.deleteFrom('webhook_pending').where('webhook_id', '=', webhookId).execute();
      continue;
    }
    let count = Number(g.n);
    let oldest = Number(g.oldest);
    while (batchDue(count, oldest, now, settings)) {
      const rows = await trx.selectFrom('webhook_pending as p')
        .leftJoin('events as e', 'e.id', 'p.event_row_id')
        .select(['p.id as pending_id', 'p.queued_at', 'e.event_id', 'e.type', 'e.data'])
        .where('p.webhook_id', '=', webhookId).orderBy('p.id').limit(settings.batchSize).execute();
      if (rows.length === 0) break;
      // An event pruned by retention while pending has nothing left to send; its pending row just goes.
      const events = rows.filter((r) => r.event_id !== null).map((r) => ({ eventId: r.event_id!, type: r.type!, data: JSON.parse(r.data!) as Record<string, unknown> }));
      if (events.length) {
        await createDelivery(trx, { webhookId, teamId: Number(g.team_id), events }, now);
        made++;
      }
      await trx.deleteFrom('webhook_pending').where('id', 'in', rows.map((r) => r.pending_id)).execute();
      count -= rows.length;
      if (count > 0) {
        const next = await trx.selectFrom('webhook_pending').select((eb) => eb.fn.min('queued_at').as('oldest')).where('webhook_id', '=', webhookId).executeTakeFirst();
        oldest = Number(next?.oldest ?? now);
      }
    }
  }
  if (made) ctx.wake(DISPATCH_QUEUE);
  return made;
}
