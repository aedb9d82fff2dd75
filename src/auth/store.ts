// API key queries. Every read that serves a team filters by team_id.
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { ApiKeysTable } from './tables.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export interface KeyForAuth extends ApiKeyRow {
  team_rate_limit: number | null;
  creator_email: string | null;
}

/** The request path's one lookup: the key by digest, with what the hook needs of its team and creator. */
export async function findKeyByDigest(db: Executor, digest: string): Promise<KeyForAuth | undefined> {
  return db
    .selectFrom('api_keys')
    .innerJoin('teams', 'teams.id', 'api_keys.team_id')
    .leftJoin('users', 'users.id', 'api_keys.created_by')
    .selectAll('api_keys')
    .select(['teams.rate_limit_per_second as team_rate_limit', 'users.email as creator_email'])
    .where('api_keys.secret_digest', '=', digest)
    .executeTakeFirst();
}

export async function listKeys(db: Executor, teamId: number): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('team_id', '=', teamId).orderBy('id').execute();
}

export async function getKey(db: Executor, id: number): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A key that was rotated (it has a successor) and is living out its grace period. */
export async function keyWasRotated(db: Executor, id: number): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('id').where('rotated_from_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A key works when not revoked and not past its expiry. */
export function keyUsable(row: Pick<ApiKeyRow, 'revoked_at' | 'expires_at'>, now: number): boolean {
  return row.revoked_at === null && (row.expires_at === null || row.expires_at > now);
}

// last_used_* is written at most once a minute per key (or when the IP changes), so the hot path is read-only.
const LAST_USED_EVERY_MS = 60_000;

export async function touchKey(db: Executor, row: ApiKeyRow, ip: string, now: number): Promise<void> {
  if (row.last_used_ip === ip && row.last_used_at !== null && now - row.last_used_at < LAST_USED_EVERY_MS) return;
  await db.updateTable('api_keys').set({ last_used_at: now, last_used_ip: ip }).where('id', '=', row.id).execute();
}
