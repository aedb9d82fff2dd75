// What an operator does for someone locked out (issue 12 §6), from the CLI: turn 2FA off, or set a new random
// password (printed once). Both end every session of the user and are audited in each of the user's teams.
import crypto from 'node:crypto';
import type { AppContext } from '../../http/context.js';
import { auditUserEvent } from '../audit.js';
import { hashPassword } from '../passwords.js';
import { revokeOtherSessions } from '../sessions.js';
import { findUserByEmail } from '../store.js';
import { removeTwoFactor } from '../two-factor.js';

const CLI = { actor: { type: 'system' as const, via: 'cli' } };

export async function resetTwoFactor(ctx: AppContext, email: string): Promise<{ userId: number; hadTwoFactor: boolean } | null> {
  const user = await findUserByEmail(ctx.db.kysely, email);
  if (!user) return null;
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const hadTwoFactor = await removeTwoFactor(trx, user.id);
    const sessions = await revokeOtherSessions(trx, user.id, null);
    await auditUserEvent(trx, user.id, CLI, 'two_factor.reset_by_operator', { had_two_factor: hadTwoFactor, sessions_ended: sessions }, now);
    return { userId: user.id, hadTwoFactor };
  });
}

/** A new random password (24 base64url characters, 144 bits), returned once for the operator to hand over. */
export async function resetPassword(ctx: AppContext, email: string): Promise<{ userId: number; password: string } | null> {
  const user = await findUserByEmail(ctx.db.kysely, email);
  if (!user) return null;
  const password = crypto.randomBytes(18).toString('base64url');
  const hash = await hashPassword(password);
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    const sessions = await revokeOtherSessions(trx, user.id, null);
    await auditUserEvent(trx, user.id, CLI, 'user.password_reset_by_operator', { sessions_ended: sessions }, now);
  });
  return { userId: user.id, password };
}

export async function listTeams(ctx: AppContext) {
  const rows = await ctx.db.kysely.selectFrom('teams')
    .select(['id', 'name', 'system', 'require_two_factor', 'created_at', (eb) => eb.selectFrom('memberships').select((e) => e.fn.countAll<number>().as('n')).whereRef('memberships.team_id', '=', 'teams.id').as('members')])
    .where('deleted_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, system: r.system === 1, require_two_factor: r.require_two_factor === 1, members: Number(r.members ?? 0) }));
}
