// Beyond the contract (spec §6.4 Event Log, §6.7 secret, §6.10 test sends): every delivery with its attempts, manual
// redelivery, test batches, and the signing secret (read and rotate need webhooks:write).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound, validationFailed } from '../http/errors.js';
import { isPlainObject } from '../http/validation.js';
import { DELIVERY_NOT_FOUND, redeliver, sendTest } from './commands/deliveries.js';
import { readSecret, rotateSecret } from './commands/secret.js';
import { WEBHOOK_NOT_FOUND } from './commands/update-webhook.js';
import { normaliseEventType } from './event-types.js';
import { guard } from './guard.js';
import { deliveryView, isoTime } from './presenters.js';
import { requestMeta } from './request-meta.js';
import { attemptsFor, findDelivery, findWebhook, listDeliveries } from './store.js';

type IdParams = { Params: { webhookId: string } };
type DeliveryParams = { Params: { webhookId: string; deliveryId: string } };
type ListQuery = { Querystring: { limit?: string; before?: string; state?: string } };

const STATES = ['pending', 'delivered', 'failed'] as const;
const MAX_OVERLAP_SECONDS = 7 * 86_400;

export function deliveryRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const k = ctx.db.kysely;

    app.get<IdParams & ListQuery>('/webhooks/:webhookId/deliveries', { config: { scope: 'webhooks:read' } }, guard('Failed to retrieve webhook deliveries. Please try again later.', async (request) => {
      const teamId = request.auth!.teamId;
      const q = request.query;
      const errors: Record<string, string[]> = {};
      const limit = q.limit === undefined ? 25 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) errors.limit = ['The limit must be an integer between 1 and 100.'];
      if (q.state !== undefined && !(STATES as readonly string[]).includes(q.state)) errors.state = [`The selected state is invalid. Allowed: ${STATES.join(', ')}.`];
      if (Object.keys(errors).length) throw validationFailed(errors);
      const hook = await findWebhook(k, teamId, request.params.webhookId);
      if (!hook) throw notFound(WEBHOOK_NOT_FOUND);
      let beforeId: number | undefined;
      if (q.before) {
        const cursor = await findDelivery(k, teamId, hook.id, q.before);
        if (!cursor) throw validationFailed({ before: ['The before cursor does not name a delivery of this webhook.'] });
        beforeId = cursor.id;
      }
      const rows = await listDeliveries(k, teamId, hook.id, { limit, beforeId, state: q.state as (typeof STATES)[number] | undefined });
      const attempts = await attemptsFor(k, teamId, rows.map((r) => r.id));
      return {
        message: 'Webhook deliveries retrieved successfully.',
        data: {
          deliveries: rows.map((r) => deliveryView(r, attempts.get(r.id) ?? [])),
          next_before: rows.length === limit ? rows[rows.length - 1]!.public_id : null,
        },
      };
    }));

    app.get<DeliveryParams>('/webhooks/:webhookId/deliveries/:deliveryId', { config: { scope: 'webhooks:read' } }, guard('Failed to retrieve webhook delivery. Please try again later.', async (request) => {
      const teamId = request.auth!.teamId;
      const hook = await findWebhook(k, teamId, request.params.webhookId);
      if (!hook) throw notFound(WEBHOOK_NOT_FOUND);
      const d = await findDelivery(k, teamId, hook.id, request.params.deliveryId);
      if (!d) throw notFound(DELIVERY_NOT_FOUND);
      const attempts = await attemptsFor(k, teamId, [d.id]);
      return { message: 'Webhook delivery retrieved successfully.', data: deliveryView(d, attempts.get(d.id) ?? [], { includeBody: true }) };
    }));

    app.post<DeliveryParams>('/webhooks/:webhookId/deliveries/:deliveryId/retry', { config: { scope: 'webhooks:write', body: 'none' } }, guard('Failed to retry webhook delivery. Please try again later.', async (request, reply) => {
      const d = await redeliver(ctx, request.auth!.teamId, request.params.webhookId, request.params.deliveryId, requestMeta(request));
      return reply.code(202).send({ message: 'Webhook delivery queued for retry.', data: deliveryView(d, []) });
    }));

    app.post<IdParams>('/webhooks/:webhookId/test', { config: { scope: 'webhooks:write', body: 'optional' } }, guard('Failed to send test webhook. Please try again later.', async (request, reply) => {
      const body = request.body ?? {};
      if (!isPlainObject(body)) throw validationFailed({ body: ['The request body must be a JSON object.'] });
      const raw = body.event_type ?? 'message.delivery';
      const type = typeof raw === 'string' ? normaliseEventType(raw) : null;
      if (!type) throw validationFailed({ event_type: ['The selected event type is invalid.'] });
      const d = await sendTest(ctx, request.auth!.teamId, request.params.webhookId, type.slice(type.indexOf('.') + 1), requestMeta(request));
      return reply.code(202).send({ message: 'Test webhook queued.', data: deliveryView(d, []) });
    }));

    app.get<IdParams>('/webhooks/:webhookId/secret', { config: { scope: 'webhooks:write' } }, guard('Failed to retrieve webhook secret. Please try again later.', async (request) => {
      const s = await readSecret(ctx, request.auth!.teamId, request.params.webhookId, requestMeta(request));
      return { message: 'Webhook secret retrieved successfully.', data: { ...s, previous_secret_expires_at: isoTime(s.previous_secret_expires_at) } };
    }));

    app.post<IdParams>('/webhooks/:webhookId/secret/rotate', { config: { scope: 'webhooks:write', body: 'optional' } }, guard('Failed to rotate webhook secret. Please try again later.', async (request) => {
      const body = request.body ?? {};
      if (!isPlainObject(body)) throw validationFailed({ body: ['The request body must be a JSON object.'] });
      let overlapMs = ctx.config.webhooks.secretOverlapMs;
      if (body.overlap_seconds !== undefined) {
        const n = body.overlap_seconds;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_OVERLAP_SECONDS) {
          throw validationFailed({ overlap_seconds: [`The overlap seconds must be an integer between 0 and ${MAX_OVERLAP_SECONDS}.`] });
        }
        overlapMs = n * 1000;
      }
      const s = await rotateSecret(ctx, request.auth!.teamId, request.params.webhookId, overlapMs, requestMeta(request));
      return { message: 'Webhook secret rotated successfully.', data: { ...s, previous_secret_expires_at: isoTime(s.previous_secret_expires_at) } };
    }));
  };
}
