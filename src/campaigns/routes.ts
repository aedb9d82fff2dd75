// /api/campaigns…: the contract's six operations (list, show, events, send, schedule, unschedule). Campaigns are
// created and edited through the dashboard's editor routes (editor-routes.ts) or the CLI; the public API has no create.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { isPlainObject, Violations } from '../http/validation.js';
import { parseDateTime } from '../sending/index.js';
import { CAMPAIGN_NOT_FOUND, scheduleCampaign, sendCampaign, unscheduleCampaign } from './commands/dispatch.js';
import { pageCampaignEvents, parseEventsQuery } from './events.js';
import { campaignView } from './presenters.js';
import { findCampaign, pageCampaigns, statsOf, type CampaignRow } from './store.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './tables.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type IdParams = { Params: { campaignId: string } };

function pageParams(query: unknown, bag: Violations) {
  const get = (n: string) => (typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[n] : undefined);
  const int = (n: string, max: number, dflt: number) => {
    const v = get(n);
    if (v === undefined || v === '') return dflt;
    const x = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : NaN;
    if (!(x >= 1 && x <= max)) { bag.add(n, `The ${n} field must be between 1 and ${max}.`); return dflt; }
    return x;
  };
  const perPage = int('per_page', 100, 20);
  const page = int('page', 10_000, 1);
  const status = get('status');
  if (status !== undefined && !(CAMPAIGN_STATUSES as readonly unknown[]).includes(status)) bag.add('status', 'The selected status is invalid.');
  return { perPage, page, offset: (page - 1) * perPage, status: (status as CampaignStatus | undefined) ?? null };
}

export function campaignRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  const view = async (teamId: number, c: CampaignRow) => campaignView(c, (await statsOf(db, teamId, [c.id])).get(c.id)!);
  const byId = async (teamId: number, id: string) => {
    const c = UUID.test(id) ? await findCampaign(db, teamId, id) : null;
    if (!c) throw notFound(CAMPAIGN_NOT_FOUND);
    return c;
  };
  return async (app: FastifyInstance) => {
    app.get('/campaigns', { config: { scope: 'campaigns:read' } }, async (request) => {
      const bag = new Violations();
      const p = pageParams(request.query, bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const { rows, total } = await pageCampaigns(db, teamId, p.status, p);
      const stats = await statsOf(db, teamId, rows.map((r) => r.id));
      return {
        message: 'Campaigns retrieved successfully.',
        data: { campaigns: rows.map((r) => campaignView(r, stats.get(r.id)!)), pagination: { total, per_page: p.perPage, current_page: p.page, last_page: Math.max(1, Math.ceil(total / p.perPage)) } },
      };
    });

    app.get<IdParams>('/campaigns/:campaignId', { config: { scope: 'campaigns:read' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const c = await byId(teamId, request.params.campaignId);
      return { message: 'Campaign retrieved successfully.', data: { ...(await view(teamId, c)), html_content: c.html } };
    });

    app.get<IdParams>('/campaigns/:campaignId/events', { config: { scope: 'campaigns:read' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const c = await byId(teamId, request.params.campaignId);
      const bag = new Violations();
      const q = parseEventsQuery(request.query, bag);
      bag.throwIfAny();
      return { message: 'Campaign events retrieved successfully.', data: await pageCampaignEvents(db, teamId, c.id, q) };
    });

    app.post<IdParams>('/campaigns/:campaignId/send', { config: { scope: 'campaigns:write', body: 'none' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      await byId(teamId, request.params.campaignId);
      const c = await sendCampaign(ctx, teamId, request.params.campaignId);
      return reply.code(202).send({ message: 'Campaign sending started.', data: await view(teamId, c) });
    });

    app.post<IdParams>('/campaigns/:campaignId/schedule', { config: { scope: 'campaigns:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      await byId(teamId, request.params.campaignId);
      const bag = new Violations();
      const raw = isPlainObject(request.body) ? request.body.scheduled_at : undefined;
      let at: number | null = null;
      if (raw === undefined || raw === null || raw === '') bag.add('scheduled_at', 'The scheduled_at field is required.');
      else if (typeof raw !== 'string' || (at = parseDateTime(raw)) === null) bag.add('scheduled_at', 'The scheduled_at field must be a valid date.');
      else if (at <= ctx.clock.now()) bag.add('scheduled_at', 'The scheduled_at field must be a date in the future.');
      bag.throwIfAny();
      const c = await scheduleCampaign(ctx, teamId, request.params.campaignId, at!);
      return { message: 'Campaign scheduled for delivery.', data: await view(teamId, c) };
    });

    app.post<IdParams>('/campaigns/:campaignId/unschedule', { config: { scope: 'campaigns:write', body: 'none' } }, async (request) => {
      const teamId = request.auth!.teamId;
      await byId(teamId, request.params.campaignId);
      const c = await unscheduleCampaign(ctx, teamId, request.params.campaignId);
      return { message: 'Campaign unscheduled.', data: await view(teamId, c) };
    });
  };
}
