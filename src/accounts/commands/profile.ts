// Profile changes (spec §3.2): name; password (current + new; other sessions are NOT ended, §3.2 — the user may end
// them in the sessions list); email (new email + current password). Passwords are re-checked with the same throttle
// as sign-in, so a stolen session cannot be used to guess the password.
import type { AppContext } from '../../http/context.js';
import { ApiError, validationFailed } from '../../http/errors.js';
import { auditUserEvent, type RequestOrigin } from '../audit.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { findUser, findUserByEmail, type UserRow } from '../store.js';
import { accountBucket, ipBucket, SignInThrottle } from '../throttle.js';
import { EMAIL_TAKEN } from './sign-up.js';

export const WRONG_PASSWORD = 'The password is incorrect.';

/**
 * Confirms the signed-in user's password for a sensitive action; a wrong one is a 422 on `field` and counts as a
 * failed sign-in for the account and IP.
 */
export async function confirmPassword(ctx: AppContext, userId: number, password: string, ip: string, field = 'password'): Promise<UserRow> {
  const user = await findUser(ctx.db.kysely, userId);
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to continue.');
  const throttle = new SignInThrottle(ctx.db);
  const buckets = [accountBucket(user.email), ipBucket(ip)];
  await throttle.assertOpen(buckets, ctx.clock.now());
  if (!(await verifyPassword(user.password_hash, password))) {
    await throttle.fail(buckets, ctx.clock.now());
    throw validationFailed({ [field]: [WRONG_PASSWORD] });
  }
  return user;
}

export async function changeName(ctx: AppContext, userId: number, name: string, origin: RequestOrigin): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ name }).where('id', '=', userId).execute();
    await auditUserEvent(trx, userId, origin, 'user.name_changed', { name }, now);
  });
}

export async function changePassword(ctx: AppContext, userId: number, current: string, next: string, origin: RequestOrigin & { ip: string }): Promise<void> {
  await confirmPassword(ctx, userId, current, origin.ip, 'current_password');
  const hash = await hashPassword(next);
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
    await auditUserEvent(trx, userId, origin, 'user.password_changed', {}, now);
  });
}

export async function changeEmail(ctx: AppContext, userId: number, email: string, password: string, origin: RequestOrigin & { ip: string }): Promise<void> {
  const user = await confirmPassword(ctx, userId, password, origin.ip);
  if (user.email === email) return;
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw validationFailed({ email: [EMAIL_TAKEN] });
    await trx.updateTable('users').set({ email }).where('id', '=', userId).execute();
    await auditUserEvent(trx, userId, origin, 'user.email_changed', { from: user.email, to: email }, now);
  });
}
