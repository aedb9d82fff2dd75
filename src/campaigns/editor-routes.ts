// The dashboard's campaign editor: POST /campaigns and PATCH /campaigns/{id} under /dashboard/api/teams/:teamId only
// (the public contract has no create; docs/dashboard-api.md). Answers use the contract's campaign shape.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { createCampaign, updateCampaign } from './commands/edit.js';
import { campaignView } from './presenters.js';
import { statsOf, type CampaignRow } from './store.js';

export function campaignEditorRoutes(ctx: AppContext) {
  const view = async (teamId: number, c: CampaignRow) => ({ ...campaignView(c, (await statsOf(ctx.db.kysely, teamId, [c.id])).get(c.id)!), html_content: c.html });
  return async (app: FastifyInstance) => {
    app.post('/campaigns', { config: { scope: 'campaigns:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const c = await createCampaign(ctx, teamId, request.body);
      return reply.code(201).send({ message: 'Campaign created successfully.', data: await view(teamId, c) });
    });
    app.patch<{ Params: { campaignId: string } }>('/campaigns/:campaignId', { config: { scope: 'campaigns:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const c = await updateCampaign(ctx, teamId, request.params.campaignId, request.body);
      return { message: 'Campaign updated successfully.', data: await view(teamId, c) };
    });
  };
}
