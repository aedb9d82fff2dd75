// GET /api/health (no auth) and GET /api/auth/check (any valid key), exactly as the contract shows them.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';

export function systemRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/health', { config: { auth: 'none' } }, async () => ({
      message: 'Health check passed.',
      data: { status: 'ok', timestamp: new Date(ctx.clock.now()).toISOString() },
    }));

    app.get('/auth/check', { config: { scope: 'any' } }, async (request) => ({
      message: 'API key is valid.',
      data: { team_id: request.auth!.teamId, timestamp: new Date(ctx.clock.now()).toISOString() },
    }));
  };
}
