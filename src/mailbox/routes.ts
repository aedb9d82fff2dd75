// GET /api/mailbox/messages: what `local` delivery put in the built-in mailbox, newest first, cursor pages.
// Beyond the contract; Full Access only, since it shows every message the team sent in full.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { Violations } from '../http/validation.js';
import { presentMailboxMessage } from './presenters.js';
import { listMailbox } from './store.js';

interface Query { per_page?: string; cursor?: string; recipient?: string; request_id?: string }

function parseQuery(q: Query): { perPage: number; beforeId?: number; recipient?: string; requestId?: string } {
  const v = new Violations();
  let perPage = 25;
  if (q.per_page !== undefined) {
    if (!/^\d+$/.test(q.per_page)) v.add('per_page', 'The per_page parameter must be an integer.');
    else if (Number(q.per_page) > 100) v.add('per_page', 'The per_page parameter must not exceed 100.');
    else if (Number(q.per_page) < 1) v.add('per_page', 'The per_page parameter must be at least 1.');
    else perPage = Number(q.per_page);
  }
  let beforeId: number | undefined;
  if (q.cursor !== undefined && q.cursor !== '') {
    if (!/^\d{1,15}$/.test(q.cursor)) v.add('cursor', 'The cursor parameter is invalid.');
    else beforeId = Number(q.cursor);
  }
  for (const field of ['recipient', 'request_id'] as const) {
    if (q[field] !== undefined && (typeof q[field] !== 'string' || q[field]!.length > 255)) v.add(field, `The ${field} parameter must be a string of at most 255 characters.`);
  }
  v.throwIfAny();
  return { perPage, beforeId, recipient: q.recipient || undefined, requestId: q.request_id || undefined };
}

export function mailboxRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Query }>('/mailbox/messages', { config: { scope: 'full_access' } }, async (request) => {
      const q = parseQuery(request.query ?? {});
      const rows = await listMailbox(ctx.db.kysely, request.auth!.teamId, {
        limit: q.perPage, beforeId: q.beforeId, recipient: q.recipient, requestId: q.requestId,
      });
      const page = rows.slice(0, q.perPage);
      return {
        message: 'Mailbox messages retrieved successfully.',
        data: {
          messages: page.map(presentMailboxMessage),
          pagination: { next_cursor: rows.length > q.perPage ? String(page.at(-1)!.id) : null, per_page: q.perPage },
        },
      };
    });
  };
}
