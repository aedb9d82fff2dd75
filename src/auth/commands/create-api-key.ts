import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../../audit/index.js';
import type { DB, Executor } from '../../db/index.js';
import { generateKey, type KeyType } from '../keys.js';
import type { Permission } from '../scopes.js';
import { getKey, type ApiKeyRow } from '../store.js';

export interface CreateKeyInput {
  teamId: number;
  name: string;
  permission: Permission;
  scopes?: string[];
  allowedIps?: string[];
  type?: KeyType;
  createdBy?: number | null;
  expiresAt?: number | null;
  rotatedFromId?: number | null;
}

export interface Origin {
  actor: Actor;
  ip?: string | null;
  userAgent?: string | null;
}

/** Inserts the key (digest only) and returns the row plus the secret, which the caller shows once. */
export async function insertApiKey(db: Executor, input: CreateKeyInput, now: number): Promise<{ row: ApiKeyRow; key: string }> {
  const material = generateKey(input.type ?? 'live');
  const { id } = await db
    .insertInto('api_keys')
    .values({
      team_id: input.teamId,
      name: input.name,
      type: input.type ?? 'live',
      permission: input.permission,
      scopes: JSON.stringify(input.permission === 'custom' ? input.scopes ?? [] : []),
      allowed_ips: JSON.stringify(input.allowedIps ?? []),
      secret_digest: material.digest,
      display_prefix: material.prefix,
      display_suffix: material.suffix,
      created_by: input.createdBy ?? null,
      created_at: now,
      expires_at: input.expiresAt ?? null,
      rotated_from_id: input.rotatedFromId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { row: (await getKey(db, id))!, key: material.key };
}

export async function createApiKey(db: Kysely<DB>, input: CreateKeyInput, origin: Origin, now = Date.now()) {
  return db.transaction().execute(async (trx) => {
    const created = await insertApiKey(trx, input, now);
    await recordAudit(trx, {
      teamId: input.teamId,
      actor: origin.actor,
      action: 'api_key.created',
      target: { type: 'api_key', id: created.row.id },
      ip: origin.ip,
      userAgent: origin.userAgent,
      details: {
        name: input.name, type: created.row.type, permission: input.permission, scopes: input.scopes ?? [],
        allowed_ips: input.allowedIps ?? [], display_prefix: created.row.display_prefix,
      },
    }, now);
    return created;
  });
}
