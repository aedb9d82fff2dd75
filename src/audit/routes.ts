// GET /api/audit-events (beyond the contract): the team's audit trail, newest first. Full Access only.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { validationFailed } from '../http/errors.js';
import { listAudit } from './index.js';

export function auditRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { limit?: string; action?: string } }>('/audit-events', { config: { scope: 'full_access' } }, async (request) => {
      const { limit, action } = request.query;
      if (limit !== undefined && !/^\d{1,4}$/.test(limit)) throw validationFailed({ limit: ['The limit parameter must be an integer.'] });
      const events = await listAudit(ctx.db.kysely, request.auth!.teamId, { limit: limit ? Number(limit) : 100, action });
      return { message: 'Audit events retrieved successfully.', data: { events } };
    });
  };
}
