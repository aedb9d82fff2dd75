// List membership: single and bulk attach/detach. Counts come from the database inside the caller's transaction, so
// "attached" and "already attached" add up to the pairs processed even under concurrent calls.
import { sql } from 'kysely';
import type { Executor } from '../db/index.js';

async function countPairs(db: Executor, teamId: number, contactIds: readonly number[], listIds: readonly number[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < contactIds.length; i += 500) {
    const row = await db.selectFrom('audience_contact_lists').select(sql<number>`count(*)`.as('n'))
      .where('team_id', '=', teamId).where('contact_id', 'in', contactIds.slice(i, i + 500)).where('list_id', 'in', [...listIds])
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

/** Adds every contact × list pair; returns how many were new. */
export async function attachPairs(db: Executor, teamId: number, contactIds: readonly number[], listIds: readonly number[], now: number): Promise<number> {
  if (contactIds.length === 0 || listIds.length === 0) return 0;
  const before = await countPairs(db, teamId, contactIds, listIds);
  const rows = contactIds.flatMap((c) => listIds.map((l) => ({ contact_id: c, list_id: l, team_id: teamId, created_at: now })));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('audience_contact_lists').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['contact_id', 'list_id']).doNothing()).execute();
  }
  return (await countPairs(db, teamId, contactIds, listIds)) - before;
}

/** Removes every contact × list pair; returns how many existed. */
export async function detachPairs(db: Executor, teamId: number, contactIds: readonly number[], listIds: readonly number[]): Promise<number> {
  if (contactIds.length === 0 || listIds.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < contactIds.length; i += 500) {
    const res = await db.deleteFrom('audience_contact_lists').where('team_id', '=', teamId)
      .where('contact_id', 'in', contactIds.slice(i, i + 500)).where('list_id', 'in', [...listIds]).executeTakeFirst();
    n += Number(res.numDeletedRows);
  }
  return n;
}
