// The Idempotency-Key row is claimed at the start of the send transaction and filled with the response at its end,
// in the same transaction. A concurrent request with the same key therefore waits on the unique index (PostgreSQL:
// INSERT … ON CONFLICT blocks on the uncommitted row; SQLite: one writer at a time) and then finds the committed
// response: exactly one send, and both callers get the same answer. A 5xx rolls the claim back with everything else.
import type { Executor } from '../db/index.js';
import { decideIdempotency, IDEMPOTENCY_TTL_MS, type KeyDecision } from './idempotency.js';

export interface KeyClaim {
  teamId: number;
  key: string;
  fingerprint: string;
  now: number;
}

/** Claims the key for this transaction (→ proceed), or says what the stored response means (replay / mismatch). */
export async function claimIdempotencyKey(db: Executor, claim: KeyClaim): Promise<KeyDecision> {
  const fresh = {
    fingerprint: claim.fingerprint,
    // Placeholder until storeIdempotentResponse; never committed as is (same transaction).
    response_status: 0,
    response_body: '',
    created_at: claim.now,
    expires_at: claim.now + IDEMPOTENCY_TTL_MS,
  };
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ team_id: claim.teamId, key: claim.key, ...fresh })
    .onConflict((oc) => oc.columns(['team_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { kind: 'proceed' };
  // An expired key is reusable: take it over with the same guard, so two takers cannot both win.
  const reclaimed = await db
    .updateTable('idempotency_keys')
    .set(fresh)
    .where('team_id', '=', claim.teamId)
    .where('key', '=', claim.key)
    .where('expires_at', '<=', claim.now)
    .returning('id')
    .executeTakeFirst();
  if (reclaimed) return { kind: 'proceed' };
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response_status', 'response_body', 'expires_at'])
    .where('team_id', '=', claim.teamId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  return decideIdempotency(
    { fingerprint: row.fingerprint, status: row.response_status, body: JSON.parse(row.response_body), expiresAt: row.expires_at },
    claim.fingerprint,
    claim.now,
  );
}

export async function storeIdempotentResponse(db: Executor, claim: KeyClaim, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body) })
    .where('team_id', '=', claim.teamId)
    .where('key', '=', claim.key)
    .execute();
}

/** Retention: expired keys are only tombstones. Batched so one run never holds a long lock. */
export async function deleteExpiredKeys(db: Executor, now: number, limit = 1000): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('id', 'in', (eb) => eb.selectFrom('idempotency_keys').select('id').where('expires_at', '<=', now).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
