// POST /emails, POST /emails/scheduled (spec sending.md §2, §3, §10). Scope per security-and-events §1.7.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { apiError, notFound, validationFailed } from '../http/errors.js';
import { cancelScheduled } from './commands/cancel.js';
import { sendEmail } from './commands/send-email.js';
import { IDEMPOTENCY_HEADER, readIdempotencyKey, REPLAYED_HEADER, requestFingerprint } from './idempotency.js';
import { DELIVER_QUEUE } from './inject.js';
import { presentCancelled, sendingText } from './presenters.js';
import { isRequestId } from './request-id.js';
import { scheduledTransmissionView } from './scheduled-view.js';

type ById = FastifyRequest<{ Params: { transmissionId: string } }>;

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

    // GET and DELETE take emails:send like the create (security-and-events §1.7 ▶).
    app.get('/emails/scheduled/:transmissionId', { config: { scope: 'emails:send' } }, async (request: ById) => {
      const id = request.params.transmissionId;
      const data = isRequestId(id) ? await scheduledTransmissionView(ctx, request.auth!, id) : null;
      if (!data) throw notFound(sendingText.scheduledNotFound);
      return { message: sendingText.scheduledRetrieved, data };
    });

    app.delete('/emails/scheduled/:transmissionId', { config: { scope: 'emails:send' } }, async (request: ById) => {
      const id = request.params.transmissionId;
      const auth = request.auth!;
      // Unknown, already sent, cancelled or due: all "too late" (spec §3 lists no 404 for cancel).
      const cancelled = isRequestId(id) && await ctx.db.kysely.transaction().execute((trx) => cancelScheduled(trx, {
        teamId: auth.teamId, requestId: id, now: ctx.clock.now(),
        onlyForRecipient: auth.keyType === 'sandbox' ? auth.ownerEmail ?? '' : null,
      }));
      if (!cancelled) throw apiError('schedule_cancellation_failed', sendingText.cancelFailed(id.slice(0, 64)));
      return presentCancelled();
    });
  };
}
