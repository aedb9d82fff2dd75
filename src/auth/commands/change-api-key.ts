// Update, rotate and revoke. Each change and its audit event commit together; the auth hook reads the key on every
// request, so a change takes effect on the next one.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/index.js';
import type { DB, Executor } from '../../db/index.js';
import { jsonParse } from '../../db/index.js';
import type { Permission } from '../scopes.js';
import { getKey, keyUsable, type ApiKeyRow } from '../store.js';
import { insertApiKey, type Origin } from './create-api-key.js';

export type KeyChangeResult<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'not_usable' };

export interface KeyUpdate {
  name?: string;
  permission?: Permission;
  scopes?: string[];
  allowedIps?: string[];
}

export async function updateApiKey(db: Kysely<DB>, id: number, change: KeyUpdate, origin: Origin, now = Date.now()): Promise<KeyChangeResult<ApiKeyRow>> {
  return db.transaction().execute(async (trx) => {
    const before = await getKey(trx, id);
    if (!before) return { ok: false, reason: 'not_found' } as const;
    const permission = change.permission ?? (before.permission as Permission);
    const scopes = permission === 'custom' ? change.scopes ?? jsonParse<string[]>(before.scopes, []) : [];
    await trx
      .updateTable('api_keys')
      .set({
        name: change.name ?? before.name,
        permission,
        scopes: JSON.stringify(scopes),
        allowed_ips: change.allowedIps ? JSON.stringify(change.allowedIps) : before.allowed_ips,
      })
      .where('id', '=', id)
      .execute();
    const after = (await getKey(trx, id))!;
    await recordAudit(trx, {
      teamId: before.team_id, actor: origin.actor, action: 'api_key.updated', target: { type: 'api_key', id },
      ip: origin.ip, userAgent: origin.userAgent,
      details: { before: summary(before), after: summary(after) },
    }, now);
    return { ok: true, value: after } as const;
  });
}

/**
 * Zero-downtime rotation: a successor with the same name, permission, scopes and IP rules; the old key keeps working
 * until `now + graceMs` (0 = expires now), so deployments can switch over without a failed request.
 */
export async function rotateApiKey(db: Kysely<DB>, id: number, graceMs: number, origin: Origin, now = Date.now()) {
  return db.transaction().execute(async (trx): Promise<KeyChangeResult<{ row: ApiKeyRow; key: string; old: ApiKeyRow }>> => {
    const old = await getKey(trx, id);
    if (!old) return { ok: false, reason: 'not_found' };
    if (!keyUsable(old, now)) return { ok: false, reason: 'not_usable' };
    const successor = await insertApiKey(trx, {
      teamId: old.team_id, name: old.name, permission: old.permission as Permission,
      scopes: jsonParse<string[]>(old.scopes, []), allowedIps: jsonParse<string[]>(old.allowed_ips, []),
      type: old.type, createdBy: old.created_by, rotatedFromId: old.id,
    }, now);
    // Never extend an expiry the old key already had.
    const expiresAt = Math.min(now + graceMs, old.expires_at ?? Infinity);
    await trx.updateTable('api_keys').set({ expires_at: expiresAt }).where('id', '=', id).execute();
    await recordAudit(trx, {
      teamId: old.team_id, actor: origin.actor, action: 'api_key.rotated', target: { type: 'api_key', id },
      ip: origin.ip, userAgent: origin.userAgent,
      details: { successor_id: successor.row.id, old_expires_at: new Date(expiresAt).toISOString(), display_prefix: successor.row.display_prefix },
    }, now);
    return { ok: true, value: { ...successor, old: (await getKey(trx, id))! } };
  });
}

export async function revokeApiKey(db: Kysely<DB>, id: number, origin: Origin, now = Date.now()): Promise<KeyChangeResult<ApiKeyRow>> {
  return db.transaction().execute(async (trx) => {
    const row = await getKey(trx, id);
    if (!row) return { ok: false, reason: 'not_found' } as const;
    if (row.revoked_at === null) {
      await trx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).execute();
      await recordAudit(trx, {
        teamId: row.team_id, actor: origin.actor, action: 'api_key.revoked', target: { type: 'api_key', id },
        ip: origin.ip, userAgent: origin.userAgent, details: { name: row.name, display_prefix: row.display_prefix },
      }, now);
    }
    return { ok: true, value: (await getKey(trx, id))! } as const;
  });
}

function summary(r: ApiKeyRow) {
  return { name: r.name, permission: r.permission, scopes: jsonParse<string[]>(r.scopes, []), allowed_ips: jsonParse<string[]>(r.allowed_ips, []) };
}

/** Team deletion: every live key of the team stops working at once, in the caller's transaction. Returns how many. */
export async function revokeTeamKeys(db: Executor, teamId: number, now: number): Promise<number> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('team_id', '=', teamId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
