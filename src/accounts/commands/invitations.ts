// Invitations (spec §4.2): owner/admin invite an email with a role; a re-invite replaces the pending one; the
// invitee accepts or declines (signed in, by id; or with the emailed single-use token, which also lets them sign up).
// Tokens: 256 random bits, kept as SHA-256 only, good for 7 days (REC). The email goes out through Lettr's own
// sending, committed with the invitation.
import crypto from 'node:crypto';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { validationFailed } from '../../http/errors.js';
import { auditTeamEvent, type RequestOrigin } from '../audit.js';
import type { InvitationRow } from '../presenters.js';
import { digestToken } from '../sessions.js';
import { DELIVER_QUEUE, ensureSystemSender, sendSystemMail } from '../system-mail.js';
import type { Role } from '../tables.js';
import { invitationEmail } from './invitation-email.js';

export const INVITATION_TTL_MS = 7 * 86_400_000;

export const ALREADY_MEMBER = 'This person is already a member of the team.';

const withNames = (db: Executor) =>
  db.selectFrom('team_invitations')
    .innerJoin('teams', 'teams.id', 'team_invitations.team_id')
    .leftJoin('users as inviter', 'inviter.id', 'team_invitations.invited_by')
    .selectAll('team_invitations')
    .select(['teams.name as team_name', 'inviter.name as inviter_name', 'inviter.email as inviter_email'])
    .where('teams.deleted_at', 'is', null);

export async function inviteMember(
  ctx: AppContext, teamId: number, inviter: { userId: number; name: string }, input: { email: string; role: Exclude<Role, 'owner'> }, origin: RequestOrigin,
): Promise<InvitationRow> {
  const systemTeamId = await ensureSystemSender(ctx);
  const now = ctx.clock.now();
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const member = await trx.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('memberships.id')
      .where('memberships.team_id', '=', teamId).where('users.email', '=', input.email).executeTakeFirst();
    if (member) throw validationFailed({ email: [ALREADY_MEMBER] });
    const replaced = await trx.updateTable('team_invitations').set({ status: 'replaced', responded_at: now })
      .where('team_id', '=', teamId).where('email', '=', input.email).where('status', '=', 'pending').executeTakeFirst();
    const token = crypto.randomBytes(32).toString('base64url');
    const { id } = await trx.insertInto('team_invitations').values({
      team_id: teamId, email: input.email, role: input.role, token_digest: digestToken(token), invited_by: inviter.userId,
      status: 'pending', created_at: now, expires_at: now + INVITATION_TTL_MS, responded_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    const team = await trx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirstOrThrow();
    const requestId = await sendSystemMail(ctx, trx, systemTeamId, invitationEmail({
      to: input.email, teamName: team.name, inviterName: inviter.name, role: input.role,
      link: `${ctx.config.publicUrl}/invite#token=${token}`, expiresAt: now + INVITATION_TTL_MS,
    }), now);
    await auditTeamEvent(trx, teamId, origin, 'invitation.created', { type: 'invitation', id }, {
      email: input.email, role: input.role, replaced: Number(replaced.numUpdatedRows), request_id: requestId,
    }, now);
    return (await withNames(trx).where('team_invitations.id', '=', id).executeTakeFirstOrThrow()) as InvitationRow;
  });
  ctx.wake(DELIVER_QUEUE);
  return row;
}

export async function pendingInvitationsOfTeam(db: Executor, teamId: number, now: number): Promise<InvitationRow[]> {
  return (await withNames(db).where('team_invitations.team_id', '=', teamId).where('team_invitations.status', '=', 'pending')
    .where('team_invitations.expires_at', '>', now).orderBy('team_invitations.id', 'desc').limit(500).execute()) as InvitationRow[];
}

export async function pendingInvitationsFor(db: Executor, email: string, now: number): Promise<InvitationRow[]> {
  return (await withNames(db).where('team_invitations.email', '=', email).where('team_invitations.status', '=', 'pending')
    .where('team_invitations.expires_at', '>', now).orderBy('team_invitations.id', 'desc').limit(100).execute()) as InvitationRow[];
}

/** A pending, unexpired invitation by id (optionally only one addressed to `email`), or by token. */
export async function findPendingInvitation(db: Executor, by: { id: number; email?: string } | { token: string }, now: number): Promise<InvitationRow | undefined> {
  let q = withNames(db).where('team_invitations.status', '=', 'pending').where('team_invitations.expires_at', '>', now);
  if ('token' in by) q = q.where('team_invitations.token_digest', '=', digestToken(by.token));
  else {
    q = q.where('team_invitations.id', '=', by.id);
    if (by.email !== undefined) q = q.where('team_invitations.email', '=', by.email);
  }
  return (await q.executeTakeFirst()) as InvitationRow | undefined;
}

/** Joins the user to the invitation's team with its role; the invitation is used up. Idempotent for an existing member. */
export async function acceptInvitation(db: Executor, inv: InvitationRow, userId: number, origin: RequestOrigin, now: number): Promise<void> {
  const used = await db.updateTable('team_invitations').set({ status: 'accepted', responded_at: now })
    .where('id', '=', inv.id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return; // a concurrent accept or decline won
  const existing = await db.selectFrom('memberships').select('id').where('team_id', '=', inv.team_id).where('user_id', '=', userId).executeTakeFirst();
  if (!existing) {
    await db.insertInto('memberships').values({ team_id: inv.team_id, user_id: userId, role: inv.role, invited_by: inv.invited_by, joined_at: now }).execute();
  }
  await auditTeamEvent(db, inv.team_id, origin, 'invitation.accepted', { type: 'invitation', id: inv.id }, { email: inv.email, role: inv.role }, now);
  if (!existing) await auditTeamEvent(db, inv.team_id, origin, 'membership.added', { type: 'user', id: userId }, { role: inv.role, invited_by: inv.invited_by, invitation_id: inv.id }, now);
}

export async function declineInvitation(db: Executor, inv: InvitationRow, origin: RequestOrigin, now: number): Promise<void> {
  const r = await db.updateTable('team_invitations').set({ status: 'declined', responded_at: now }).where('id', '=', inv.id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) await auditTeamEvent(db, inv.team_id, origin, 'invitation.declined', { type: 'invitation', id: inv.id }, { email: inv.email }, now);
}

export async function cancelInvitation(db: Executor, teamId: number, id: number, origin: RequestOrigin, now: number): Promise<boolean> {
  const r = await db.updateTable('team_invitations').set({ status: 'cancelled', responded_at: now })
    .where('team_id', '=', teamId).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await auditTeamEvent(db, teamId, origin, 'invitation.cancelled', { type: 'invitation', id }, {}, now);
  return true;
}
