// Send now, schedule, unschedule: each one guarded UPDATE plus the fan-out job in one transaction, so the job exists
// exactly when the state says the campaign is on its way.
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { apiError, notFound } from '../../http/errors.js';
import { enqueue } from '../../queue/index.js';
import { FANOUT_QUEUE } from '../fanout.js';
import { refuseSchedule, refuseSend, refuseUnschedule, type Refusal } from '../rules.js';
import { findCampaign, type CampaignRow } from '../store.js';

export const CAMPAIGN_NOT_FOUND = 'Campaign not found.';

const refuse = (r: Refusal) => apiError(r.code, r.message, 422);

const jobKey = (id: number) => `campaign:${id}`;

async function dropPendingJob(trx: Executor, id: number): Promise<void> {
  // A job a worker holds this instant finds the new state and stops (fanout.ts checks it inside its transaction).
  await trx.deleteFrom('jobs').where('dedupe_key', '=', jobKey(id)).where('locked_by', 'is', null).execute();
}

async function change(ctx: AppContext, teamId: number, publicId: string, fn: (trx: Executor, c: CampaignRow, now: number) => Promise<void>): Promise<CampaignRow> {
  const now = ctx.clock.now();
  const k = ctx.db.kysely;
  const after = await k.transaction().execute(async (trx) => {
    const c = await findCampaign(trx, teamId, publicId);
    if (!c) throw notFound(CAMPAIGN_NOT_FOUND);
    await fn(trx, c, now);
    return (await findCampaign(trx, teamId, publicId))!;
  });
  ctx.wake(FANOUT_QUEUE);
  return after;
}

export function sendCampaign(ctx: AppContext, teamId: number, publicId: string): Promise<CampaignRow> {
  return change(ctx, teamId, publicId, async (trx, c, now) => {
    const no = refuseSend(c);
    if (no) throw refuse(no);
    await trx.updateTable('campaigns').set({ status: 'preparing', scheduled_at: null, updated_at: now }).where('id', '=', c.id).execute();
    await enqueue(trx, [{ queue: FANOUT_QUEUE, payload: { campaignId: c.id }, teamId, runAt: now, dedupeKey: jobKey(c.id) }], now);
  });
}

export function scheduleCampaign(ctx: AppContext, teamId: number, publicId: string, at: number): Promise<CampaignRow> {
  return change(ctx, teamId, publicId, async (trx, c, now) => {
    const no = refuseSchedule(c);
    if (no) throw refuse(no);
    await trx.updateTable('campaigns').set({ status: 'scheduled', scheduled_at: at, updated_at: now }).where('id', '=', c.id).execute();
    await dropPendingJob(trx, c.id);
    await enqueue(trx, [{ queue: FANOUT_QUEUE, payload: { campaignId: c.id }, teamId, runAt: at, dedupeKey: jobKey(c.id) }], now);
  });
}

export function unscheduleCampaign(ctx: AppContext, teamId: number, publicId: string): Promise<CampaignRow> {
  return change(ctx, teamId, publicId, async (trx, c, now) => {
    const no = refuseUnschedule(c);
    if (no) throw refuse(no);
    await trx.updateTable('campaigns').set({ status: 'draft', scheduled_at: null, updated_at: now }).where('id', '=', c.id).execute();
    await dropPendingJob(trx, c.id);
  });
}
