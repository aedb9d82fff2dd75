// Team administration (spec §4): create with an owner, rename, require 2FA, delete; the personal team a user gets
// when left with none. Each change commits with its audit event.
import type { Kysely } from 'kysely';
import { revokeTeamKeys } from '../../auth/index.js';
import type { DB, Executor } from '../../db/index.js';
import { enqueue } from '../../queue/index.js';
import { auditTeamEvent, type RequestOrigin } from '../audit.js';
import { insertTeam } from './team-setup.js';
import { countMemberships, findUser } from '../store.js';

export const PURGE_TEAM_QUEUE = 'accounts.purge_team';
export const personalTeamName = (userName: string) => `${userName}'s Team`.slice(0, 120);

/** A new team with `userId` as its owner. */
export async function createOwnedTeam(db: Executor, name: string, userId: number, origin: RequestOrigin, now: number): Promise<number> {
  const teamId = await insertTeam(db, name, now);
  await db.insertInto('memberships').values({ team_id: teamId, user_id: userId, role: 'owner', invited_by: null, joined_at: now }).execute();
  await auditTeamEvent(db, teamId, origin, 'team.created', { type: 'team', id: teamId }, { name }, now);
  await auditTeamEvent(db, teamId, origin, 'membership.added', { type: 'user', id: userId }, { role: 'owner' }, now);
  return teamId;
}

/** §4.3: "A user left with no team gets a new personal team automatically." Returns the new team's id, if one was made. */
export async function ensurePersonalTeam(db: Executor, userId: number, origin: RequestOrigin, now: number): Promise<number | null> {
  if ((await countMemberships(db, userId)) > 0) return null;
  const user = await findUser(db, userId);
  if (!user) return null;
  return createOwnedTeam(db, personalTeamName(user.name), userId, { ...origin }, now);
}

export async function renameTeam(db: Kysely<DB>, teamId: number, name: string, origin: RequestOrigin, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirstOrThrow();
    await trx.updateTable('teams').set({ name }).where('id', '=', teamId).execute();
    await auditTeamEvent(trx, teamId, origin, 'team.renamed', { type: 'team', id: teamId }, { from: before.name, to: name }, now);
  });
}

export async function setRequireTwoFactor(db: Kysely<DB>, teamId: number, required: boolean, origin: RequestOrigin, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('teams').set({ require_two_factor: required ? 1 : 0 }).where('id', '=', teamId).execute();
    await auditTeamEvent(trx, teamId, origin, required ? 'team.two_factor_required' : 'team.two_factor_optional', { type: 'team', id: teamId }, {}, now);
  });
}

/**
 * Deletes a team (§4.3 REC): at once, its keys stop working, its members and pending invitations go, and members left
 * with no team get a personal one; its data (domains, templates, emails, events, webhooks) is purged by a job.
 */
export async function deleteTeam(db: Kysely<DB>, teamId: number, origin: RequestOrigin, now: number): Promise<{ orphansGivenTeams: number }> {
  return db.transaction().execute(async (trx) => {
    const team = await trx.selectFrom('teams').select(['name']).where('id', '=', teamId).executeTakeFirstOrThrow();
    const members = await trx.selectFrom('memberships').select('user_id').where('team_id', '=', teamId).execute();
    await trx.updateTable('teams').set({ deleted_at: now }).where('id', '=', teamId).execute();
    const revoked = await revokeTeamKeys(trx, teamId, now);
    await trx.deleteFrom('memberships').where('team_id', '=', teamId).execute();
    await trx.updateTable('team_invitations').set({ status: 'cancelled', responded_at: now }).where('team_id', '=', teamId).where('status', '=', 'pending').execute();
    await auditTeamEvent(trx, teamId, origin, 'team.deleted', { type: 'team', id: teamId }, { name: team.name, members: members.length, api_keys_revoked: revoked }, now);
    let orphansGivenTeams = 0;
    for (const m of members) if (await ensurePersonalTeam(trx, m.user_id, origin, now)) orphansGivenTeams++;
    await enqueue(trx, [{ queue: PURGE_TEAM_QUEUE, payload: { teamId }, dedupeKey: `purge-team:${teamId}` }], now);
    return { orphansGivenTeams };
  });
}
