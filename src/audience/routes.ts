// Every /api/audience route (lists, contacts). Mounted under /api and per team under /dashboard/api by the
// composition root.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { contactRoutes } from './contact-routes.js';
import { listRoutes } from './list-routes.js';

export function audienceRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(listRoutes(ctx));
    // Segments arrive in their own slice; until then no segment id is known.
    await app.register(contactRoutes(ctx, async () => undefined));
  };
}
