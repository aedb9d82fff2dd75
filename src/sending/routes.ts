// POST /emails, POST /emails/scheduled (spec sending.md §2, §3, §10). Scope per security-and-events §1.7.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../server/context.js';
import { validationFailed } from '../server/errors.js';
import { sendEmail } from './commands/send-email.js';
import { IDEMPOTENCY_HEADER, readIdempotencyKey, REPLAYED_HEADER, requestFingerprint } from './idempotency.js';
import { DELIVER_QUEUE } from './inject.js';

export function sendingRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const send = (scheduled: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      const header = readIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]);
      if (!header.ok) throw validationFailed({ 'Idempotency-Key': [header.message] });
      const path = request.routeOptions.url ?? request.url;
      const result = await sendEmail(ctx, {
        auth: request.auth!,
        body: request.body,
        scheduled,
        idempotency: header.key === null ? null : { key: header.key, fingerprint: requestFingerprint(request.method, path, request.body) },
      });
      if (result.replayed) reply.header(REPLAYED_HEADER, 'true');
      if (result.injected > 0) ctx.wake(DELIVER_QUEUE);
      return reply.code(result.status).send(result.body);
    };

    app.post('/emails', { config: { scope: 'emails:send' } }, send(false));
    app.post('/emails/scheduled', { config: { scope: 'emails:send' } }, send(true));
  };
}
