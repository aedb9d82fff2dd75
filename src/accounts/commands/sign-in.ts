// Sign-in (spec §3.1, §3.4): throttle check → password (same answer for an unknown email and a wrong password) →
// with 2FA on, a session in the `two_factor` stage that only the code step accepts → code or recovery code → a new
// session id. Every step that authenticates starts a fresh session row, so an id known before sign-in (fixation) is
// worthless after it.
import type { AppContext } from '../../http/context.js';
import { ApiError } from '../../http/errors.js';
import { auditUserEvent } from '../audit.js';
import { verifyPassword } from '../passwords.js';
import { createSession, deleteSession } from '../sessions.js';
import { findUserByEmail, twoFactorEnabled, type UserRow } from '../store.js';
import { accountBucket, codeBucket, ipBucket, SignInThrottle } from '../throttle.js';
import { acceptTotpCode, remainingRecoveryCodes, spendRecoveryCode } from '../two-factor.js';

export const INVALID_CREDENTIALS = 'These credentials do not match our records.';
export const INVALID_CODE = 'The code is invalid or has already been used.';
export const INVALID_RECOVERY_CODE = 'The recovery code is invalid or has already been used.';

export interface ClientMeta {
  ip: string;
  userAgent: string | null;
  /** The session the browser presented, if any: ended when a new one starts (rotation). */
  previousSessionId: number | null;
}

export type SignInResult =
  | { kind: 'signed_in'; token: string; user: UserRow }
  | { kind: 'two_factor'; token: string };

export async function signIn(ctx: AppContext, email: string, password: string, meta: ClientMeta): Promise<SignInResult> {
  const db = ctx.db.kysely;
  const throttle = new SignInThrottle(ctx.db);
  const buckets = [accountBucket(email), ipBucket(meta.ip)];
  await throttle.assertOpen(buckets, ctx.clock.now());
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  const now = ctx.clock.now();
  if (!user || !ok) {
    await throttle.fail(buckets, now);
    ctx.log.warn({ ip: meta.ip, user_id: user?.id ?? null }, 'dashboard sign-in failed');
    throw new ApiError(401, 'invalid_credentials', INVALID_CREDENTIALS);
  }
  const origin = { actor: { type: 'user' as const, id: user.id }, ip: meta.ip, userAgent: meta.userAgent };
  const stage = (await twoFactorEnabled(db, user.id)) ? 'two_factor' : 'active';
  const { token } = await db.transaction().execute(async (trx) => {
    if (meta.previousSessionId !== null) await deleteSession(trx, meta.previousSessionId);
    const s = await createSession(trx, { userId: user.id, stage, ip: meta.ip, userAgent: meta.userAgent }, now, ctx.config.accounts.sessionLifetimeMs);
    if (stage === 'active') await auditUserEvent(trx, user.id, origin, 'session.signed_in', { two_factor: false, session_id: s.row.id }, now);
    return s;
  });
  return stage === 'active' ? { kind: 'signed_in', token, user } : { kind: 'two_factor', token };
}

/** The code step: the pending session is replaced by a signed-in one with a new id. */
export async function completeSecondFactor(
  ctx: AppContext, pending: { sessionId: number; userId: number }, proof: { code: string } | { recoveryCode: string }, meta: ClientMeta,
): Promise<{ token: string }> {
  const db = ctx.db.kysely;
  const throttle = new SignInThrottle(ctx.db);
  const buckets = [codeBucket(pending.userId), ipBucket(meta.ip)];
  await throttle.assertOpen(buckets, ctx.clock.now());
  const now = ctx.clock.now();
  const origin = { actor: { type: 'user' as const, id: pending.userId }, ip: meta.ip, userAgent: meta.userAgent };
  // Each check is one conditional UPDATE (atomic on its own), so it runs before the transaction: a failure must count
  // against the throttle, which writes through its own statements, never inside a transaction.
  const usedRecovery = 'recoveryCode' in proof;
  const ok = usedRecovery ? await spendRecoveryCode(db, pending.userId, proof.recoveryCode, now) : await acceptTotpCode(ctx, db, pending.userId, proof.code, now);
  if (!ok) {
    await throttle.fail(buckets, now);
    ctx.log.warn({ ip: meta.ip, user_id: pending.userId, recovery_code: usedRecovery }, 'dashboard second factor refused');
    throw new ApiError(422, 'validation_error', 'Validation failed.', {
      errors: usedRecovery ? { recovery_code: [INVALID_RECOVERY_CODE] } : { code: [INVALID_CODE] },
    });
  }
  return db.transaction().execute(async (trx) => {
    await deleteSession(trx, pending.sessionId);
    const s = await createSession(trx, { userId: pending.userId, stage: 'active', ip: meta.ip, userAgent: meta.userAgent }, now, ctx.config.accounts.sessionLifetimeMs);
    const details = usedRecovery ? { two_factor: 'recovery_code', recovery_codes_left: await remainingRecoveryCodes(trx, pending.userId) } : { two_factor: 'totp' };
    await auditUserEvent(trx, pending.userId, origin, 'session.signed_in', { ...details, session_id: s.row.id }, now);
    if (usedRecovery) await auditUserEvent(trx, pending.userId, origin, 'two_factor.recovery_code_used', details, now);
    return { token: s.token };
  });
}
