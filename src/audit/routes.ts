// GET /audit-events (beyond the contract): the team's audit trail, newest first, filtered by action, actor and time,
// in cursor pages; GET /audit-events/export: the same filters as CSV. Full Access keys; owners and admins on the
// dashboard mount.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { Violations } from '../http/validation.js';
import { auditCsv, listAudit, type AuditQuery } from './index.js';

interface Query { limit?: string; action?: string; actor?: string; from?: string; to?: string; before?: string }

const EXPORT_MAX = 10_000;

function parseTime(v: Violations, field: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const t = raw.length <= 40 ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) v.add(field, `The ${field} parameter must be an ISO 8601 date-time.`);
  return t;
}

function parseQuery(q: Query, maxLimit: number): AuditQuery {
  const v = new Violations();
  const out: AuditQuery = { limit: 100 };
  if (q.limit !== undefined) {
    if (!/^\d{1,5}$/.test(q.limit) || Number(q.limit) < 1) v.add('limit', 'The limit parameter must be an integer.');
    else out.limit = Math.min(Number(q.limit), maxLimit);
  }
  if (q.action !== undefined && q.action !== '') {
    if (q.action.length > 100) v.add('action', 'The action parameter must not be greater than 100 characters.');
    else out.action = q.action;
  }
  if (q.actor !== undefined && q.actor !== '') {
    const m = /^(user|api_key):(\d{1,15})$|^(system)$/.exec(q.actor);
    if (!m) v.add('actor', 'The actor parameter must be user:ID, api_key:ID or system.');
    else out.actor = m[3] ? { type: 'system', id: null } : { type: m[1] as 'user' | 'api_key', id: Number(m[2]) };
  }
  out.from = parseTime(v, 'from', q.from);
  out.to = parseTime(v, 'to', q.to);
  if (q.before !== undefined && q.before !== '') {
    if (!/^\d{1,15}$/.test(q.before)) v.add('before', 'The before parameter must be an audit event id.');
    else out.beforeId = Number(q.before);
  }
  v.throwIfAny();
  return out;
}

export function auditRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Query }>('/audit-events', { config: { scope: 'full_access' } }, async (request) => {
      const query = parseQuery(request.query ?? {}, 1000);
      const events = await listAudit(ctx.db.kysely, request.auth!.teamId, query);
      const next = events.length === query.limit ? String(events.at(-1)!.id) : null;
      return { message: 'Audit events retrieved successfully.', data: { events, next_cursor: next } };
    });

    app.get<{ Querystring: Query }>('/audit-events/export', { config: { scope: 'full_access' } }, async (request, reply) => {
      const query = parseQuery({ limit: String(EXPORT_MAX), ...request.query }, EXPORT_MAX);
      const events = await listAudit(ctx.db.kysely, request.auth!.teamId, query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="lettr-audit-team-${request.auth!.teamId}.csv"`)
        .send(auditCsv(events));
    });
  };
}
