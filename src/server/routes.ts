// Every capability's routes, mounted under /api. A new capability adds one line here.
import type { FastifyInstance } from 'fastify';
import { systemRoutes } from '../system/routes.js';
import { projectRoutes, templateRoutes } from '../templates/index.js';
import type { AppContext } from './context.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(systemRoutes(ctx), { prefix: '/api' });
  await app.register(templateRoutes(ctx), { prefix: '/api' });
  await app.register(projectRoutes(ctx), { prefix: '/api' });
}
