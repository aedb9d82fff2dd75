// Server-side dashboard sessions (spec §3.2). The cookie carries 256 random bits; the table keeps their SHA-256 only,
// so a leaked database cannot be replayed as cookies. A session ends at its absolute expiry or after the idle timeout.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { SessionStage, UserSessionsTable } from './tables.js';

export type SessionRow = Selectable<UserSessionsTable>;

/** How long the password step's pending session lives, waiting for the second factor. */
export const TWO_FACTOR_STAGE_MS = 10 * 60_000;
// last_seen_at is written at most once a minute per session: the idle timeout is minutes to hours, reads stay reads.
const TOUCH_EVERY_MS = 60_000;

export const digestToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

export interface NewSession {
  userId: number;
  stage: SessionStage;
  ip: string | null;
  userAgent: string | null;
  /** Keep an existing absolute end (rotation must not extend a session's life). */
  expiresAt?: number;
}

export async function createSession(db: Executor, s: NewSession, now: number, lifetimeMs: number): Promise<{ token: string; row: SessionRow }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('user_sessions')
    .values({
      user_id: s.userId, token_digest: digestToken(token), stage: s.stage, ip: s.ip, user_agent: s.userAgent?.slice(0, 512) ?? null,
      created_at: now, last_seen_at: now, expires_at: s.expiresAt ?? now + (s.stage === 'two_factor' ? TWO_FACTOR_STAGE_MS : lifetimeMs),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, row };
}

export interface SessionWithUser extends SessionRow {
  email: string;
  name: string;
}

export async function findSessionByToken(db: Executor, token: string): Promise<SessionWithUser | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .selectAll('user_sessions')
    .select(['users.email', 'users.name'])
    .where('user_sessions.token_digest', '=', digestToken(token))
    .executeTakeFirst();
}

/** Not past its absolute end, and (once signed in) used within the idle timeout. */
export function sessionLive(row: Pick<SessionRow, 'expires_at' | 'last_seen_at'>, now: number, idleMs: number): boolean {
  return row.expires_at > now && row.last_seen_at + idleMs > now;
}

export async function touchSession(db: Executor, row: SessionRow, ip: string, now: number): Promise<void> {
  if (now - row.last_seen_at < TOUCH_EVERY_MS && row.ip === ip) return;
  await db.updateTable('user_sessions').set({ last_seen_at: now, ip }).where('id', '=', row.id).execute();
}

export async function deleteSession(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('user_sessions').where('id', '=', id).execute();
}

export async function listSessions(db: Executor, userId: number, now: number, idleMs: number): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom('user_sessions').selectAll()
    .where('user_id', '=', userId).where('stage', '=', 'active').where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc').limit(200)
    .execute();
  return rows.filter((r) => sessionLive(r, now, idleMs));
}

/** Ends one of the user's sessions; false when the id is not theirs. */
export async function revokeSession(db: Executor, userId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('user_sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the user except `keepId` (null: all of them). Returns how many ended. */
export async function revokeOtherSessions(db: Executor, userId: number, keepId: number | null): Promise<number> {
  let q = db.deleteFrom('user_sessions').where('user_id', '=', userId);
  if (keepId !== null) q = q.where('id', '!=', keepId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** "Chrome on macOS" from a User-Agent, for the sessions list. Bounded: only fixed substrings are searched. */
export function describeDevice(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const s = ua.slice(0, 512);
  const browser = s.includes('Edg/') ? 'Edge' : s.includes('Firefox/') ? 'Firefox' : s.includes('Chrome/') || s.includes('Chromium/') ? 'Chrome'
    : s.includes('Safari/') ? 'Safari' : s.includes('curl/') ? 'curl' : 'Browser';
  const os = s.includes('iPhone') || s.includes('iPad') ? 'iOS' : s.includes('Android') ? 'Android' : s.includes('Mac OS X') ? 'macOS'
    : s.includes('Windows') ? 'Windows' : s.includes('Linux') ? 'Linux' : null;
  return os ? `${browser} on ${os}` : browser;
}
