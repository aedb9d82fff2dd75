// Passwords (spec §3.1–3.2): argon2id through @node-rs/argon2, which hashes on libuv's thread pool, never on the event
// loop. Parameters are the library's defaults, which are OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
// Policy: at least 10 characters, at most 256 (a bound on hashing cost), not in the bundled common-password list.
import { hash, verify } from '@node-rs/argon2';

// The package's `Algorithm` is a const enum, which isolated modules cannot import; 2 is its Argon2id.
const ARGON2ID = 2;
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// Unknown emails are checked against this hash of a throwaway password, so a wrong email costs the same time as a
// wrong password and the answer's timing does not reveal which accounts exist.
let decoy: Promise<string> | undefined;

/** Constant-time verification (the library compares digests in constant time). `null` hash = no password set. */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX) return false;
  if (phc === null) {
    await verify((await (decoy ??= hashPassword('decoy password for timing'))), password).catch(() => false);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Problems with a new password, as 422 messages (empty = acceptable). */
export function passwordProblems(password: unknown, field = 'password'): string[] {
  if (typeof password !== 'string' || password === '') return [`The ${field} field is required.`];
  if ([...password].length < PASSWORD_MIN) return [`The ${field} must be at least ${PASSWORD_MIN} characters.`];
  if (password.length > PASSWORD_MAX) return [`The ${field} must not be greater than ${PASSWORD_MAX} characters.`];
  if (isCommonPassword(password)) return [`The ${field} is too common: it appears in lists of leaked passwords. Choose another.`];
  return [];
}
