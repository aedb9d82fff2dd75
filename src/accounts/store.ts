// Account queries: users, the teams a user belongs to, memberships. Team-scoped reads filter by team id; a deleted
// team and the system team are never a user's team.
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { MembershipsTable, Role, TeamsTable, UsersTable } from './tables.js';

export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type MembershipRow = Selectable<MembershipsTable>;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function findUser(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function twoFactorEnabled(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('user_two_factor').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return !!row && row.confirmed_at !== null;
}

export interface TeamOfUser {
  id: number;
  name: string;
  role: Role;
  require_two_factor: number;
  joined_at: number;
}

export async function teamsOfUser(db: Executor, userId: number): Promise<TeamOfUser[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select(['teams.id', 'teams.name', 'memberships.role', 'teams.require_two_factor', 'memberships.joined_at'])
    .where('memberships.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .where('teams.system', '=', 0)
    .orderBy('teams.id')
    .execute();
}

/** The user's membership of a live team, or undefined (not a member, deleted, or the system team). */
export async function membershipOf(db: Executor, teamId: number, userId: number): Promise<(TeamOfUser & { membership_id: number }) | undefined> {
  return db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select(['teams.id', 'teams.name', 'memberships.role', 'teams.require_two_factor', 'memberships.joined_at', 'memberships.id as membership_id'])
    .where('memberships.team_id', '=', teamId)
    .where('memberships.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .where('teams.system', '=', 0)
    .executeTakeFirst();
}

export interface MemberView {
  user_id: number;
  email: string;
  name: string;
  role: Role;
  joined_at: number;
  invited_by: number | null;
  inviter_email: string | null;
  inviter_name: string | null;
  two_factor_confirmed_at: number | null;
}

export async function membersOf(db: Executor, teamId: number): Promise<MemberView[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('users as inviter', 'inviter.id', 'memberships.invited_by')
    .leftJoin('user_two_factor', 'user_two_factor.user_id', 'memberships.user_id')
    .select([
      'users.id as user_id', 'users.email', 'users.name', 'memberships.role', 'memberships.joined_at', 'memberships.invited_by',
      'inviter.email as inviter_email', 'inviter.name as inviter_name', 'user_two_factor.confirmed_at as two_factor_confirmed_at',
    ])
    .where('memberships.team_id', '=', teamId)
    .orderBy('memberships.joined_at')
    .orderBy('users.id')
    .execute();
}

export async function countMemberships(db: Executor, userId: number): Promise<number> {
  const { n } = await db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('memberships.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}
