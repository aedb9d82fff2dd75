// The webhooks capability's queries. Every function takes teamId and filters by it (tenant isolation).
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from './tables.js';

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

export function findWebhook(db: Executor, teamId: number, publicId: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('team_id', '=', teamId).where('public_id', '=', publicId).executeTakeFirst();
}

export function findWebhookById(db: Executor, teamId: number, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export function listWebhooks(db: Executor, teamId: number): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('team_id', '=', teamId).orderBy('id').execute();
}

export async function urlTaken(db: Executor, teamId: number, url: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('webhooks').select('id').where('team_id', '=', teamId).where('url', '=', url);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface DeliveryPage {
  limit: number;
  /** Only deliveries with a smaller internal id (cursor from the previous page). */
  beforeId?: number | undefined;
  state?: DeliveryRow['state'] | undefined;
}

export async function listDeliveries(db: Executor, teamId: number, webhookId: number, page: DeliveryPage): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('team_id', '=', teamId).where('webhook_id', '=', webhookId);
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  if (page.state) q = q.where('state', '=', page.state);
  return q.orderBy('id', 'desc').limit(page.limit).execute();
}

export function findDelivery(db: Executor, teamId: number, webhookId: number, publicId: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll()
    .where('team_id', '=', teamId).where('webhook_id', '=', webhookId).where('public_id', '=', publicId)
    .executeTakeFirst();
}

export function findDeliveryById(db: Executor, teamId: number, id: number): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export async function attemptsFor(db: Executor, teamId: number, deliveryIds: number[]): Promise<Map<number, AttemptRow[]>> {
  const out = new Map<number, AttemptRow[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await db.selectFrom('webhook_attempts').selectAll()
    .where('team_id', '=', teamId).where('delivery_id', 'in', deliveryIds)
    .orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.delivery_id) ?? [];
    list.push(r);
    out.set(r.delivery_id, list);
  }
  return out;
}
