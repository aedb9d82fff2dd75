// Lists: storage. Every function takes the team and filters by it.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import type { PageRequest } from './params.js';

export interface ListRow { id: number; public_id: string; name: string; contacts_count: number }

function listsWithCounts(db: Executor, teamId: number) {
  return db.selectFrom('audience_lists as l')
    .where('l.team_id', '=', teamId)
    .select(['l.id', 'l.public_id', 'l.name'])
    .select((eb) => eb.selectFrom('audience_contact_lists as cl').whereRef('cl.list_id', '=', 'l.id')
      .select(sql<number>`count(*)`.as('n')).as('contacts_count'));
}

const asRow = (r: { id: number; public_id: string; name: string; contacts_count: number | string | null }): ListRow =>
  ({ ...r, contacts_count: Number(r.contacts_count ?? 0) });

export async function pageLists(db: Executor, teamId: number, page: PageRequest): Promise<{ rows: ListRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    listsWithCounts(db, teamId).orderBy('l.id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    db.selectFrom('audience_lists').where('team_id', '=', teamId).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(asRow), total: Number(total.n) };
}

export async function findList(db: Executor, teamId: number, publicId: string): Promise<ListRow | null> {
  const row = await listsWithCounts(db, teamId).where('l.public_id', '=', publicId).executeTakeFirst();
  return row ? asRow(row) : null;
}

export async function listNameTaken(db: Executor, teamId: number, name: string, exceptId: number | null = null): Promise<boolean> {
  let q = db.selectFrom('audience_lists').select('id').where('team_id', '=', teamId).where('name', '=', name);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertList(db: Executor, teamId: number, name: string, now: number): Promise<ListRow> {
  const publicId = randomUUID();
  const { id } = await db.insertInto('audience_lists')
    .values({ public_id: publicId, team_id: teamId, name, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  return { id, public_id: publicId, name, contacts_count: 0 };
}

export async function renameList(db: Executor, teamId: number, id: number, name: string, now: number): Promise<void> {
  await db.updateTable('audience_lists').set({ name, updated_at: now }).where('team_id', '=', teamId).where('id', '=', id).execute();
}

/** Deletes lists (their memberships cascade); segments scoped to a deleted list become team-wide. */
export async function deleteLists(db: Executor, teamId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  await db.updateTable('audience_segments').set({ list_id: null }).where('team_id', '=', teamId).where('list_id', 'in', ids).execute();
  const res = await db.deleteFrom('audience_lists').where('team_id', '=', teamId).where('id', 'in', ids).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Internal ids of the team's lists among `publicIds` (unknown or foreign ids are simply absent). */
export async function listIdsOf(db: Executor, teamId: number, publicIds: readonly string[]): Promise<Map<string, number>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db.selectFrom('audience_lists').select(['id', 'public_id'])
    .where('team_id', '=', teamId).where('public_id', 'in', [...new Set(publicIds)]).execute();
  return new Map(rows.map((r) => [r.public_id, r.id]));
}
