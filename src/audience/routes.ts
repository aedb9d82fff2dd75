// Every /api/audience route. Mounted under /api and per team under /dashboard/api by the composition root.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { contactRoutes } from './contact-routes.js';
import { listRoutes } from './list-routes.js';
import { propertyRoutes } from './property-routes.js';
import { segmentRoutes } from './segment-routes.js';
import { findSegment, segmentPredicate } from './segment-store.js';
import { topicRoutes } from './topic-routes.js';

export function audienceRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(listRoutes(ctx));
    await app.register(contactRoutes(ctx, async (teamId, publicId) => {
      const segment = await findSegment(ctx.db.kysely, teamId, publicId);
      return segment ? segmentPredicate(ctx.db, teamId, segment) : undefined;
    }));
    await app.register(topicRoutes(ctx));
    await app.register(propertyRoutes(ctx));
    await app.register(segmentRoutes(ctx));
  };
}
