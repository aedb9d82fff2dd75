// Account events are about a person, and a person may be in several teams: an owner reviewing their team must see
// that a member turned 2FA off or changed their password (spec §5.1 "team access"). So a user-level event is written
// once into each team the user belongs to (or with no team when they belong to none), in the causing transaction.
import { recordAudit, type AuditEntry } from '../audit/index.js';
import type { Executor } from '../db/index.js';
import { teamsOfUser } from './store.js';

export interface RequestOrigin {
  actor: AuditEntry['actor'];
  ip?: string | null;
  userAgent?: string | null;
}

export async function auditUserEvent(
  db: Executor, userId: number, origin: RequestOrigin, action: string, details: Record<string, unknown>, now: number,
): Promise<void> {
  const teams = await teamsOfUser(db, userId);
  const base = { actor: origin.actor, action, target: { type: 'user', id: userId }, ip: origin.ip, userAgent: origin.userAgent, details };
  if (teams.length === 0) await recordAudit(db, { teamId: null, ...base }, now);
  for (const t of teams) await recordAudit(db, { teamId: t.id, ...base }, now);
}

export async function auditTeamEvent(
  db: Executor, teamId: number, origin: RequestOrigin, action: string, target: { type: string; id: number | string }, details: Record<string, unknown>, now: number,
): Promise<void> {
  await recordAudit(db, { teamId, actor: origin.actor, action, target, ip: origin.ip, userAgent: origin.userAgent, details }, now);
}
