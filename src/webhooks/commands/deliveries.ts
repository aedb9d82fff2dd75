// Manual actions on deliveries: redeliver one (spec §6.4 "manual retry per event") and send a test batch (spec §6.10).
// Both go through the same durable dispatch job as automatic deliveries, marked manual: one attempt, no schedule.
import { recordAudit } from '../../audit/index.js';
import { enqueue } from '../../queue/index.js';
import type { AppContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { createDelivery, DISPATCH_QUEUE } from '../batches.js';
import { randomDecimalId } from '../../events/index.js';
import type { PayloadEvent } from '../payload.js';
import { findDelivery, findDeliveryById, findWebhook, type DeliveryRow } from '../store.js';
import type { RequestMeta } from './create-webhook.js';
import { WEBHOOK_NOT_FOUND } from './update-webhook.js';

export const DELIVERY_NOT_FOUND = 'Webhook delivery not found.';

export async function redeliver(ctx: AppContext, teamId: number, webhookId: string, deliveryId: string, meta: RequestMeta): Promise<DeliveryRow> {
  const k = ctx.db.kysely;
  const hook = await findWebhook(k, teamId, webhookId);
  if (!hook) throw notFound(WEBHOOK_NOT_FOUND);
  const d = await findDelivery(k, teamId, hook.id, deliveryId);
  if (!d) throw notFound(DELIVERY_NOT_FOUND);
  const now = ctx.clock.now();
  await k.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_deliveries').set({ state: 'pending', next_attempt_at: now, failed_at: null })
      .where('id', '=', d.id).where('team_id', '=', teamId).execute();
    await enqueue(trx, [{ queue: DISPATCH_QUEUE, payload: { deliveryId: d.id, manual: true }, teamId, runAt: now }], now);
    await recordAudit(trx, {
      teamId, actor: meta.actor, action: 'webhook.delivery_retried', target: { type: 'webhook', id: hook.public_id },
      ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { delivery_id: d.public_id },
    }, now);
  });
  ctx.wake(DISPATCH_QUEUE);
  return (await findDeliveryById(k, teamId, d.id))!;
}

/** A sample event of the chosen type, in the real shape, marked `test: true` in the payload. */
export function sampleEvent(shortType: string, now: number): PayloadEvent {
  const eventId = randomDecimalId();
  return {
    eventId,
    type: shortType,
    data: {
      event_id: eventId, type: shortType, timestamp: new Date(now).toISOString(), request_id: randomDecimalId(),
      message_id: null, rcpt_to: 'recipient@example.com', raw_rcpt_to: 'recipient@example.com', recipient_domain: 'example.com',
      mailbox_provider: 'Other', mailbox_provider_region: 'Global', friendly_from: 'sender@example.com',
      subject: 'Lettr webhook test', sending_domain: 'example.com', rcpt_meta: [], rcpt_tags: [], transactional: true,
      injection_time: new Date(now).toISOString(),
    },
  };
}

export async function sendTest(ctx: AppContext, teamId: number, webhookId: string, shortType: string, meta: RequestMeta): Promise<DeliveryRow> {
  const k = ctx.db.kysely;
  const hook = await findWebhook(k, teamId, webhookId);
  if (!hook) throw notFound(WEBHOOK_NOT_FOUND);
  const now = ctx.clock.now();
  const id = await k.transaction().execute(async (trx) => {
    const made = await createDelivery(trx, { webhookId: hook.id, teamId, events: [sampleEvent(shortType, now)], test: true, manual: true }, now);
    await recordAudit(trx, {
      teamId, actor: meta.actor, action: 'webhook.test_sent', target: { type: 'webhook', id: hook.public_id },
      ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { delivery_id: made.publicId, event_type: shortType },
    }, now);
    return made.id;
  });
  ctx.wake(DISPATCH_QUEUE);
  return (await findDeliveryById(k, teamId, id))!;
}
