// TOTP (RFC 6238) through otpauth: SHA-1, 30-second steps, 6 digits — what every authenticator app reads from the
// QR code — accepting the previous and next step for clock drift (spec §3.4 REC). A code is good once: the step it
// matched is stored, and a code for that step or an earlier one is refused (the replay rule holds across processes
// because the update is conditional on the stored step, see two-factor.ts).
import crypto from 'node:crypto';
import * as OTPAuth from 'otpauth';

export const TOTP_PERIOD_S = 30;
const DIGITS = 6;
const DRIFT_STEPS = 1;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32; // 160 bits, RFC 4226 §4's recommended length
}

function totpFor(secretBase32: string, label = 'Lettr'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Lettr', label, algorithm: 'SHA1', digits: DIGITS, period: TOTP_PERIOD_S, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

/** The `otpauth://totp/…` URI authenticator apps import (what the QR code encodes). */
export function otpauthUrl(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** The 30-second step a valid code belongs to, or null. Only six ASCII digits are considered at all. */
export function matchTotp(secretBase32: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
}

/** The current code (tests and the CLI's self-check use it; the server never shows one). */
export function totpCode(secretBase32: string, now: number): string {
  return totpFor(secretBase32).generate({ timestamp: now });
}

// Recovery codes (spec §3.4): 10, each 16 characters from a 32-letter alphabet without look-alikes = 80 bits, shown
// once as xxxx-xxxx-xxxx-xxxx. 80 bits make a fast digest safe at rest (like API keys); single use is enforced by a
// conditional update.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32: no i, l, o or 1
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...crypto.randomBytes(16)].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** Digest of a recovery code as typed: case, spaces and dashes do not matter. */
export function digestRecoveryCode(code: string): string | null {
  const clean = code.toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z0-9]{16}$/.test(clean)) return null;
  return crypto.createHash('sha256').update(clean, 'utf8').digest('hex');
}
