// Every capability's routes, mounted under /api. A new capability adds one line here.
import type { FastifyInstance } from 'fastify';
import { systemRoutes } from '../system/routes.js';
import { webhookRoutes } from '../webhooks/index.js';
import type { AppContext } from './context.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(systemRoutes(ctx), { prefix: '/api' });
  await app.register(webhookRoutes(ctx), { prefix: '/api' });
}
