// Segments: storage, and evaluation in SQL (count, filter) through segment-sql.ts.
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../db/index.js';
import { jsonParse } from '../db/index.js';
import { propertiesByName } from './contact-store.js';
import type { PageRequest } from './params.js';
import { resolveStored, type ConditionGroup } from './segment-rules.js';
import { segmentSql } from './segment-sql.js';

export interface SegmentRow {
  id: number; public_id: string; name: string; list_id: number | null; list_public_id: string | null; list_name: string | null;
  condition_groups: string; cached_contacts_count: number | null; created_at: number;
}

function base(db: Executor, teamId: number) {
  return db.selectFrom('audience_segments as s').leftJoin('audience_lists as l', (j) => j.onRef('l.id', '=', 's.list_id').on('l.team_id', '=', teamId))
    .where('s.team_id', '=', teamId)
    .select(['s.id', 's.public_id', 's.name', 's.list_id', 'l.public_id as list_public_id', 'l.name as list_name', 's.condition_groups', 's.cached_contacts_count', 's.created_at']);
}

export async function pageSegments(db: Executor, teamId: number, listId: number | null, page: PageRequest): Promise<{ rows: SegmentRow[]; total: number }> {
  let q = base(db, teamId);
  let c = db.selectFrom('audience_segments').where('team_id', '=', teamId);
  if (listId !== null) { q = q.where('s.list_id', '=', listId); c = c.where('list_id', '=', listId); }
  const [rows, total] = await Promise.all([
    q.orderBy('s.id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    c.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findSegment(db: Executor, teamId: number, publicId: string): Promise<SegmentRow | null> {
  return (await base(db, teamId).where('s.public_id', '=', publicId).executeTakeFirst()) ?? null;
}

export async function segmentNameTaken(db: Executor, teamId: number, name: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('audience_segments').select('id').where('team_id', '=', teamId).where('name', '=', name);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertSegment(db: Executor, teamId: number, s: { name: string; listId: number | null; groups: ConditionGroup[] }, now: number): Promise<string> {
  const publicId = randomUUID();
  await db.insertInto('audience_segments').values({
    public_id: publicId, team_id: teamId, name: s.name, list_id: s.listId, condition_groups: JSON.stringify(s.groups),
    cached_contacts_count: null, created_at: now, updated_at: now,
  }).execute();
  return publicId;
}

export async function updateSegment(db: Executor, teamId: number, id: number, set: { name?: string; listId?: number | null; groups?: ConditionGroup[] }, now: number): Promise<void> {
  await db.updateTable('audience_segments').set({
    ...(set.name !== undefined ? { name: set.name } : {}),
    ...(set.listId !== undefined ? { list_id: set.listId } : {}),
    ...(set.groups !== undefined ? { condition_groups: JSON.stringify(set.groups) } : {}),
    updated_at: now,
  }).where('team_id', '=', teamId).where('id', '=', id).execute();
}

export async function deleteSegment(db: Executor, teamId: number, id: number): Promise<void> {
  await db.deleteFrom('audience_segments').where('team_id', '=', teamId).where('id', '=', id).execute();
}

/** The segment as a SQL predicate over contacts aliased `c`, resolved against the team's current properties. */
export async function segmentPredicate(db: Database, teamId: number, row: Pick<SegmentRow, 'condition_groups' | 'list_id'>): Promise<RawBuilder<SqlBool>> {
  const groups = jsonParse<ConditionGroup[]>(row.condition_groups, []);
  return segmentSql(db.dialect, teamId, resolveStored(groups, await propertiesByName(db.kysely, teamId)), row.list_id);
}

/** Counts members in SQL and caches the figure on the row. */
export async function refreshCount(db: Database, teamId: number, row: SegmentRow): Promise<number> {
  const predicate = await segmentPredicate(db, teamId, row);
  const { n } = await db.kysely.selectFrom('audience_contacts as c').where('c.team_id', '=', teamId).where(predicate)
    .select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const count = Number(n);
  await db.kysely.updateTable('audience_segments').set({ cached_contacts_count: count }).where('id', '=', row.id).execute();
  return count;
}
