// Teams, users and memberships: the tenants every other table hangs off.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/commands/create-api-key.js';
import type { DB, Executor } from '../../db/index.js';
import { insertDefaultProject } from '../../templates/index.js';
import type { Role } from '../tables.js';

/** Team creation, and whatever every team must have from birth (capabilities add theirs here, same transaction). */
export async function insertTeam(db: Executor, name: string, now: number): Promise<number> {
  const { id } = await db.insertInto('teams').values({ name, rate_limit_per_second: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
  await insertDefaultProject(db, id, now); // templates: the undeletable default project (spec §5.2)
  return id;
}

export async function createTeam(db: Kysely<DB>, input: { name: string; rateLimitPerSecond?: number | null }, origin: Origin, now = Date.now()) {
  return db.transaction().execute(async (trx) => {
    const id = await insertTeam(trx, input.name, now);
    if (input.rateLimitPerSecond != null) {
      await trx.updateTable('teams').set({ rate_limit_per_second: input.rateLimitPerSecond }).where('id', '=', id).execute();
    }
    await recordAudit(trx, { teamId: id, actor: origin.actor, action: 'team.created', target: { type: 'team', id }, ip: origin.ip, userAgent: origin.userAgent, details: { name: input.name } }, now);
    return { id, name: input.name };
  });
}

export async function setTeamRateLimit(db: Kysely<DB>, teamId: number, perSecond: number | null, origin: Origin, now = Date.now()) {
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('teams').set({ rate_limit_per_second: perSecond }).where('id', '=', teamId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { teamId, actor: origin.actor, action: 'team.rate_limit_changed', target: { type: 'team', id: teamId }, details: { rate_limit_per_second: perSecond } }, now);
    return true;
  });
}

/** Adds a user (created on first sight, matched by lower-cased email) to a team with a role. */
export async function addMember(
  db: Kysely<DB>,
  input: { teamId: number; email: string; name?: string; role: Role; invitedBy?: number | null },
  origin: Origin,
  now = Date.now(),
) {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    let user = await trx.selectFrom('users').select(['id', 'email']).where('email', '=', email).executeTakeFirst();
    if (!user) {
      const { id } = await trx.insertInto('users').values({ email, name: input.name ?? email, password_hash: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
      user = { id, email };
    }
    await trx
      .insertInto('memberships')
      .values({ team_id: input.teamId, user_id: user.id, role: input.role, invited_by: input.invitedBy ?? null, joined_at: now })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: input.role }))
      .execute();
    await recordAudit(trx, {
      teamId: input.teamId, actor: origin.actor, action: 'membership.added', target: { type: 'user', id: user.id },
      ip: origin.ip, userAgent: origin.userAgent, details: { email, role: input.role },
    }, now);
    return { userId: user.id, email };
  });
}

export async function teamExists(db: Executor, teamId: number): Promise<boolean> {
  return !!(await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst());
}
