// /api/webhooks: the contract's five operations (spec §6.1). Deliveries, secrets and test sends are in
// delivery-routes.ts. Each route: scope → validate → command → presenter.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound, validationFailed } from '../http/errors.js';
import { createWebhook } from './commands/create-webhook.js';
import { deleteWebhook, updateWebhook, WEBHOOK_NOT_FOUND } from './commands/update-webhook.js';
import { deliveryRoutes } from './delivery-routes.js';
import { guard } from './guard.js';
import { webhookView } from './presenters.js';
import { targetPolicy } from './settings.js';
import { requestMeta } from './request-meta.js';
import { findWebhook, listWebhooks } from './store.js';
import { validateCreate, validateUpdate } from './validation.js';

type IdParams = { Params: { webhookId: string } };

export function webhookRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Operators see when the private-address guard is lifted (LETTR_WEBHOOK_ALLOW_PRIVATE), on every webhook response.
    if (ctx.config.webhooks.allowPrivate) {
      app.addHook('onSend', async (_req, reply) => void reply.header('Lettr-Webhook-Allow-Private', 'true'));
    }

    app.get('/webhooks', { config: { scope: 'webhooks:read' } }, guard('Failed to retrieve webhooks. Please try again later.', async (request) => {
      const rows = await listWebhooks(ctx.db.kysely, request.auth!.teamId);
      return { message: 'Webhooks retrieved successfully.', data: { webhooks: rows.map(webhookView) } };
    }));

    app.post('/webhooks', { config: { scope: 'webhooks:write' } }, guard('Failed to create webhook. Please try again later.', async (request, reply) => {
      const input = validateCreate(request.body, targetPolicy(ctx.config));
      const { row, secret } = await createWebhook(ctx, request.auth!.teamId, input as Parameters<typeof createWebhook>[2], requestMeta(request));
      // `secret` is beyond the contract: the signing secret, shown in full here and afterwards only to webhooks:write.
      return reply.code(201).send({ message: 'Webhook created successfully.', data: { ...webhookView(row), secret } });
    }));

    app.get<IdParams>('/webhooks/:webhookId', { config: { scope: 'webhooks:read' } }, guard('Failed to retrieve webhook. Please try again later.', async (request) => {
      const row = await findWebhook(ctx.db.kysely, request.auth!.teamId, request.params.webhookId);
      if (!row) throw notFound(WEBHOOK_NOT_FOUND);
      return { message: 'Webhook retrieved successfully.', data: webhookView(row) };
    }));

    app.put<IdParams>('/webhooks/:webhookId', { config: { scope: 'webhooks:write' } }, guard('Failed to update webhook. Please try again later.', async (request) => {
      const input = validateUpdate(request.body ?? {}, targetPolicy(ctx.config));
      const row = await updateWebhook(ctx, request.auth!.teamId, request.params.webhookId, input, requestMeta(request));
      return { message: 'Webhook updated successfully.', data: webhookView(row) };
    }));

    app.delete<IdParams>('/webhooks/:webhookId', { config: { scope: 'webhooks:write' } }, guard('Failed to delete webhook. Please try again later.', async (request) => {
      if (request.params.webhookId.trim() === '') throw validationFailed({ webhookId: ['The webhook ID is required.'] });
      await deleteWebhook(ctx, request.auth!.teamId, request.params.webhookId, requestMeta(request));
      return { message: 'Webhook deleted successfully.' };
    }));

    await app.register(deliveryRoutes(ctx));
  };
}
