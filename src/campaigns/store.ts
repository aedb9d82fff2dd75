// Campaigns: storage and stats. Every function takes the team and filters by it.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { CampaignStatus, CampaignsTable } from './tables.js';

export type CampaignRow = Selectable<CampaignsTable>;

export interface CampaignStats {
  injections: number; deliveries: number; bounces: number; spam_complaints: number; opens: number; unique_opens: number;
  clicks: number; unique_clicks: number; unsubscribes: number;
}

export async function findCampaign(db: Executor, teamId: number, publicId: string): Promise<CampaignRow | null> {
  return (await db.selectFrom('campaigns').selectAll().where('team_id', '=', teamId).where('public_id', '=', publicId).executeTakeFirst()) ?? null;
}

export async function pageCampaigns(db: Executor, teamId: number, status: CampaignStatus | null, page: { perPage: number; offset: number }) {
  let q = db.selectFrom('campaigns').where('team_id', '=', teamId);
  if (status) q = q.where('status', '=', status);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Engagement counts from the event log of the campaign's messages. */
export async function statsOf(db: Executor, teamId: number, campaignIds: number[]): Promise<Map<number, CampaignStats>> {
  const out = new Map<number, CampaignStats>();
  for (const id of campaignIds) {
    out.set(id, { injections: 0, deliveries: 0, bounces: 0, spam_complaints: 0, opens: 0, unique_opens: 0, clicks: 0, unique_clicks: 0, unsubscribes: 0 });
  }
  if (campaignIds.length === 0) return out;
  const rows = await db.selectFrom('campaign_recipients as r')
    .innerJoin('events as e', (j) => j.onRef('e.request_id', '=', 'r.request_id').on('e.team_id', '=', teamId))
    .select(['r.campaign_id', 'e.type'])
    .select(sql<number>`count(*)`.as('n'))
    .select(sql<number>`count(distinct e.request_id)`.as('u'))
    .where('r.team_id', '=', teamId).where('r.campaign_id', 'in', campaignIds)
    .groupBy(['r.campaign_id', 'e.type']).execute();
  for (const r of rows) {
    const s = out.get(r.campaign_id)!;
    const n = Number(r.n);
    const u = Number(r.u);
    switch (r.type) {
      case 'injection': s.injections += n; break;
      case 'delivery': s.deliveries += n; break;
      case 'bounce': case 'out_of_band': s.bounces += n; break;
      case 'spam_complaint': s.spam_complaints += n; break;
      case 'open': case 'initial_open': case 'amp_open': case 'amp_initial_open': s.opens += n; s.unique_opens += u; break;
      case 'click': case 'amp_click': s.clicks += n; s.unique_clicks += u; break;
      case 'list_unsubscribe': case 'link_unsubscribe': s.unsubscribes += n; break;
    }
  }
  return out;
}
