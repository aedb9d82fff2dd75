// Append-only audit trail: who did what to which thing, from where. Written inside the transaction of the change.
import type { Executor } from '../db/index.js';

import type { Actor } from '../http/credentials.js';

export type { Actor };

export interface AuditEntry {
  teamId: number | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string | number };
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Executor, entry: AuditEntry, now = Date.now()): Promise<void> {
  const details = entry.actor.type === 'system' && entry.actor.via ? { via: entry.actor.via, ...entry.details } : entry.details ?? {};
  await db
    .insertInto('audit_events')
    .values({
      team_id: entry.teamId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target ? String(entry.target.id) : null,
      ip: entry.ip ?? null,
      user_agent: entry.userAgent ?? null,
      created_at: now,
      details: JSON.stringify(details),
    })
    .execute();
}

export interface AuditEventView {
  id: number;
  team_id: number | null;
  actor: { type: string; id: number | null };
  action: string;
  target: { type: string; id: string } | null;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  limit?: number;
  action?: string;
  /** `user:12`, `api_key:3` or `system`. */
  actor?: { type: Actor['type']; id: number | null };
  /** Epoch ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  /** Cursor: entries older than this id. */
  beforeId?: number;
}

export async function listAudit(db: Executor, teamId: number, opts: AuditQuery = {}): Promise<AuditEventView[]> {
  let q = db.selectFrom('audit_events').selectAll().where('team_id', '=', teamId);
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.actor) {
    q = q.where('actor_type', '=', opts.actor.type);
    if (opts.actor.id !== null) q = q.where('actor_id', '=', opts.actor.id);
  }
  if (opts.from !== undefined) q = q.where('created_at', '>=', opts.from);
  if (opts.to !== undefined) q = q.where('created_at', '<', opts.to);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(Math.min(opts.limit ?? 100, 1000)).execute();
  return rows.map((r) => ({
    id: r.id,
    team_id: r.team_id,
    actor: { type: r.actor_type, id: r.actor_id },
    action: r.action,
    target: r.target_type ? { type: r.target_type, id: r.target_id ?? '' } : null,
    ip: r.ip,
    user_agent: r.user_agent,
    created_at: new Date(r.created_at).toISOString(),
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

export { auditCsv } from './csv.js';
