// Member administration (spec §4.1, §4.3): role changes and removal, with the owner rule (exactly one owner, never
// changed, never removed) and the admin rule (an admin manages members only). Leaving is removing oneself.
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/index.js';
import { auditTeamEvent, type RequestOrigin } from '../audit.js';
import { mayManageMember } from '../roles.js';
import type { Role } from '../tables.js';
import { ensurePersonalTeam } from './teams.js';

export type MemberChange = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden' | 'owner' };

async function targetRole(db: Executor, teamId: number, userId: number) {
  return db.selectFrom('memberships').select('role').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
}

export async function changeMemberRole(
  db: Kysely<DB>, teamId: number, actor: { userId: number; role: Role }, targetUserId: number, role: 'admin' | 'member', origin: RequestOrigin, now: number,
): Promise<MemberChange> {
  return db.transaction().execute(async (trx) => {
    const target = await targetRole(trx, teamId, targetUserId);
    if (!target) return { ok: false, reason: 'not_found' } as const;
    if (target.role === 'owner') return { ok: false, reason: 'owner' } as const;
    if (!mayManageMember(actor.role, target.role) || targetUserId === actor.userId) return { ok: false, reason: 'forbidden' } as const;
    if (target.role !== role) {
      await trx.updateTable('memberships').set({ role }).where('team_id', '=', teamId).where('user_id', '=', targetUserId).execute();
      await auditTeamEvent(trx, teamId, origin, 'membership.role_changed', { type: 'user', id: targetUserId }, { from: target.role, to: role }, now);
    }
    return { ok: true } as const;
  });
}

/** Removes a member (or the actor themself: leaving). A user left with no team gets a personal team. */
export async function removeMember(
  db: Kysely<DB>, teamId: number, actor: { userId: number; role: Role }, targetUserId: number, origin: RequestOrigin, now: number,
): Promise<MemberChange> {
  return db.transaction().execute(async (trx) => {
    const target = await targetRole(trx, teamId, targetUserId);
    if (!target) return { ok: false, reason: 'not_found' } as const;
    if (target.role === 'owner') return { ok: false, reason: 'owner' } as const;
    const leaving = targetUserId === actor.userId;
    if (!leaving && !mayManageMember(actor.role, target.role)) return { ok: false, reason: 'forbidden' } as const;
    await trx.deleteFrom('memberships').where('team_id', '=', teamId).where('user_id', '=', targetUserId).execute();
    await auditTeamEvent(trx, teamId, origin, leaving ? 'membership.left' : 'membership.removed', { type: 'user', id: targetUserId }, { role: target.role }, now);
    await ensurePersonalTeam(trx, targetUserId, { actor: { type: 'system', via: 'personal-team' }, ip: origin.ip, userAgent: origin.userAgent }, now);
    return { ok: true } as const;
  });
}
