// GET /emails, GET /emails/events, GET /emails/{requestId} (spec sending.md §4, contract listEmails /
// listEmailEvents / getEmailDetail). Scope emails:read (security-and-events §1.7); sandbox keys see only mail to
// their creator's address (spec §9).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/index.js';
import type { AppContext } from '../http/context.js';
import { apiError, notFound, validationFailed } from '../http/errors.js';
import { findMessageByRequestId, isRequestId, normalizedAddress } from '../sending/index.js';
import { encodeCursor } from './cursor.js';
import { presentEmailEvent, presentPage, presentSentEmail, presentTransmission } from './presenters.js';
import { parseDetailQuery, parseEventsQuery, parseListQuery, type Parsed } from './query.js';
import { deriveEmailState } from './state.js';
import { eventsOfRequest, pageEvents, type EventPage, type EventQuery } from './store.js';

export const readText = {
  list: 'Emails retrieved successfully.',
  events: 'Email events retrieved successfully.',
  detail: 'Email retrieved successfully.',
  notFound: 'Email not found.',
  sandboxWithoutOwner: 'Sandbox API key does not have an associated user with an email address.',
} as const;

function parsed<T>(result: Parsed<T>): T {
  if (!result.ok) throw validationFailed(result.errors);
  return result.value;
}

/**
 * The recipient filter after the sandbox rule: a sandbox key sees only its owner's mail, so a filter naming other
 * addresses matches nothing (null). Live keys keep the caller's filter as is.
 */
export function visibleRecipients(auth: AuthContext, requested: string[]): string[] | null {
  const wanted = requested.map(normalizedAddress);
  if (auth.keyType !== 'sandbox') return wanted;
  if (!auth.ownerEmail) throw apiError('retrieval_error', readText.sandboxWithoutOwner, 400);
  const owner = normalizedAddress(auth.ownerEmail);
  return wanted.length === 0 || wanted.includes(owner) ? [owner] : null;
}

const EMPTY: EventPage = { records: [], total: 0, next: null };

export function eventReadRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const read = { config: { scope: 'emails:read' as const } };

    app.get('/emails', read, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>) => {
      const q = parsed(parseListQuery(request.query, ctx.clock.now()));
      const recipients = visibleRecipients(request.auth!, q.recipient ? [q.recipient] : []);
      const page = recipients === null ? EMPTY
        : await pageEvents(ctx.db, { teamId: request.auth!.teamId, from: q.from, to: q.to, types: ['injection'], recipients }, q);
      return {
        message: readText.list,
        data: presentPage({ items: page.records.map(presentSentEmail), totalCount: page.total, from: q.from, to: q.to,
          perPage: q.perPage, nextCursor: page.next && encodeCursor(page.next) }),
      };
    });

    app.get('/emails/events', read, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>) => {
      const q = parsed(parseEventsQuery(request.query, ctx.clock.now()));
      const recipients = visibleRecipients(request.auth!, q.recipients);
      const filter: EventQuery = { teamId: request.auth!.teamId, from: q.from, to: q.to, types: q.types, requestId: q.requestId,
        bounceClasses: q.bounceClasses, recipients: recipients ?? [] };
      const page = recipients === null ? EMPTY : await pageEvents(ctx.db, filter, q);
      return {
        message: readText.events,
        data: presentPage({ items: page.records.map(presentEmailEvent), totalCount: page.total, from: q.from, to: q.to,
          perPage: q.perPage, nextCursor: page.next && encodeCursor(page.next) }),
      };
    });

    app.get('/emails/:requestId', read, async (request: FastifyRequest<{ Params: { requestId: string }; Querystring: Record<string, unknown> }>) => {
      const window = parsed(parseDetailQuery(request.query, ctx.clock.now()));
      const auth = request.auth!;
      const requestId = request.params.requestId;
      const recipients = visibleRecipients(auth, []);
      if (!isRequestId(requestId) || recipients === null) throw notFound(readText.notFound);
      const events = await eventsOfRequest(ctx.db, { teamId: auth.teamId, ...window, requestId, recipients });
      if (events.length === 0) throw notFound(readText.notFound);
      const message = await findMessageByRequestId(ctx.db.kysely, auth.teamId, requestId);
      return {
        message: readText.detail,
        data: presentTransmission({
          requestId,
          state: deriveEmailState(events.map((e) => e.type)),
          header: message ? { from: message.from_email, fromName: message.from_name, subject: message.subject, scheduledAt: message.scheduled_at } : null,
          events,
        }),
      };
    });
  };
}
