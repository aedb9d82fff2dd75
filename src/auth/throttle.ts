// Failed-authentication throttle (spec §2.4): 5 failures from one client IP within 5 minutes block that IP for 15
// minutes. State lives in the database, so every process sharing it sees the same block.
import type { Executor } from '../db/index.js';

export const FAILURE_LIMIT = 5;
export const FAILURE_WINDOW_MS = 5 * 60_000;
export const BLOCK_MS = 15 * 60_000;

/** Epoch ms until which the IP is blocked, or null. */
export async function blockedUntil(db: Executor, ip: string, now: number): Promise<number | null> {
  const row = await db.selectFrom('auth_blocks').select('blocked_until').where('ip', '=', ip).executeTakeFirst();
  return row && row.blocked_until > now ? row.blocked_until : null;
}

/** Records the failure; returns the new block's end if this failure tipped the IP over the limit. */
export async function recordAuthFailure(
  db: Executor,
  f: { ip: string; keyPrefix: string | null; reason: string },
  now: number,
): Promise<number | null> {
  await db.insertInto('auth_failures').values({ ip: f.ip, key_prefix: f.keyPrefix, reason: f.reason, created_at: now }).execute();
  const { n } = await db
    .selectFrom('auth_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', f.ip)
    .where('created_at', '>', now - FAILURE_WINDOW_MS)
    .executeTakeFirstOrThrow();
  if (Number(n) < FAILURE_LIMIT) return null;
  const until = now + BLOCK_MS;
  await db
    .insertInto('auth_blocks')
    .values({ ip: f.ip, blocked_until: until })
    .onConflict((oc) => oc.column('ip').doUpdateSet({ blocked_until: until }))
    .execute();
  return until;
}
