// Two-factor state of a user (spec §3.4): setup → confirm with a first code → on; codes single use; recovery codes
// single use; regenerate; disable. The seed is sealed at rest; recovery codes are kept as digests.
import type { Executor } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { digestRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUrl } from './totp.js';

export const TOTP_PURPOSE = 'accounts.totp_secret';

export interface SetupMaterial {
  secret: string;
  otpauth_url: string;
  /** An image/svg+xml data URL of the QR code. */
  qr_code: string;
}

/** Starts (or restarts) a setup that is not yet confirmed. Returns null when 2FA is already on. */
export async function beginTwoFactorSetup(ctx: AppContext, db: Executor, user: { id: number; email: string }, now: number): Promise<SetupMaterial | null> {
  const existing = await db.selectFrom('user_two_factor').select(['id', 'confirmed_at']).where('user_id', '=', user.id).executeTakeFirst();
  if (existing?.confirmed_at != null) return null;
  const secret = newTotpSecret();
  const sealed = ctx.secrets.seal(secret, TOTP_PURPOSE);
  if (existing) await db.updateTable('user_two_factor').set({ secret_sealed: sealed, last_used_step: 0, created_at: now }).where('id', '=', existing.id).execute();
  else await db.insertInto('user_two_factor').values({ user_id: user.id, secret_sealed: sealed, confirmed_at: null, created_at: now }).execute();
  const url = otpauthUrl(secret, user.email);
  const { default: QRCode } = await import('qrcode'); // only at setup, not at startup
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauth_url: url, qr_code: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Accepts a TOTP code once. `pending`: the setup's confirming code (2FA not on yet); otherwise the user's active 2FA.
 * The stored step only moves forward, in one conditional UPDATE, so two processes cannot both accept one code.
 */
export async function acceptTotpCode(ctx: AppContext, db: Executor, userId: number, code: string, now: number, pending = false): Promise<boolean> {
  const row = await db.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row || (row.confirmed_at === null) !== pending) return false;
  const step = matchTotp(ctx.secrets.open(row.secret_sealed, TOTP_PURPOSE), code.trim(), now);
  if (step === null) return false;
  const r = await db.updateTable('user_two_factor')
    .set(pending ? { last_used_step: step, confirmed_at: now } : { last_used_step: step })
    .where('id', '=', row.id).where('last_used_step', '<', step)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces the user's recovery codes; returns the new ones (shown once). */
export async function replaceRecoveryCodes(db: Executor, userId: number, now: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('user_recovery_codes').values(codes.map((c) => ({ user_id: userId, code_digest: digestRecoveryCode(c)!, used_at: null, created_at: now }))).execute();
  return codes;
}

/** Spends a recovery code: true once per code, in one conditional UPDATE. */
export async function spendRecoveryCode(db: Executor, userId: number, code: string, now: number): Promise<boolean> {
  const digest = digestRecoveryCode(code);
  if (!digest) return false;
  const r = await db.updateTable('user_recovery_codes').set({ used_at: now })
    .where('user_id', '=', userId).where('code_digest', '=', digest).where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function remainingRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const { n } = await db.selectFrom('user_recovery_codes').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(n);
}

export async function removeTwoFactor(db: Executor, userId: number): Promise<boolean> {
  const r = await db.deleteFrom('user_two_factor').where('user_id', '=', userId).executeTakeFirst();
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  return Number(r.numDeletedRows) > 0;
}
