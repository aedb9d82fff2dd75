// Every capability's routes, mounted under /api. A new capability adds one line here.
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from '../audit/routes.js';
import { apiKeyRoutes } from '../auth/routes.js';
import { domainRoutes } from '../domains/index.js';
import { eventReadRoutes } from '../events/routes.js';
import { sendingRoutes } from '../sending/routes.js';
import { mailboxRoutes } from '../mailbox/routes.js';
import { systemRoutes } from '../system/routes.js';
import { projectRoutes, templateRoutes } from '../templates/index.js';
import { webhookRoutes } from '../webhooks/index.js';
import type { AppContext } from '../http/context.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(systemRoutes(ctx), { prefix: '/api' });
  await app.register(templateRoutes(ctx), { prefix: '/api' });
  await app.register(projectRoutes(ctx), { prefix: '/api' });
  await app.register(domainRoutes(ctx), { prefix: '/api' });
  await app.register(sendingRoutes(ctx), { prefix: '/api' });
  await app.register(eventReadRoutes(ctx), { prefix: '/api' });
  await app.register(apiKeyRoutes(ctx), { prefix: '/api' });
  await app.register(auditRoutes(ctx), { prefix: '/api' });
  await app.register(mailboxRoutes(ctx), { prefix: '/api' });
  await app.register(webhookRoutes(ctx), { prefix: '/api' });
}
