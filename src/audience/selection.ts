// A campaign's audience as one SQL predicate over contacts aliased `c` (spec §8): subscribed contacts in any of the
// lists OR matching any of the segments, and, with a topic, subscribed to it. One predicate means one row per contact
// however many lists and segments overlap.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../db/index.js';
import { segmentPredicate } from './segment-store.js';

export interface Selection { listIds: number[]; segmentIds: number[]; topicId: number | null }

export async function selectionPredicate(db: Database, teamId: number, s: Selection): Promise<RawBuilder<SqlBool>> {
  const any: RawBuilder<SqlBool>[] = [];
  if (s.listIds.length) {
    any.push(sql<SqlBool>`exists (select 1 from audience_contact_lists cl where cl.contact_id = c.id and cl.list_id in (${sql.join(s.listIds)}))`);
  }
  if (s.segmentIds.length) {
    const segments = await db.kysely.selectFrom('audience_segments').select(['condition_groups', 'list_id'])
      .where('team_id', '=', teamId).where('id', 'in', s.segmentIds).execute();
    for (const seg of segments) any.push(await segmentPredicate(db, teamId, seg));
  }
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`c.status = 'subscribed'`, any.length ? sql<SqlBool>`(${sql.join(any, sql` or `)})` : sql<SqlBool>`1 = 0`];
  if (s.topicId !== null) {
    parts.push(sql<SqlBool>`exists (select 1 from audience_topics t left join audience_contact_topics ct on ct.topic_id = t.id and ct.contact_id = c.id
      where t.id = ${s.topicId} and t.team_id = ${teamId} and (ct.subscribed = 1 or (ct.subscribed is null and t.default_subscription = 'opt_out')))`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

export interface AudienceMember { id: number; email: string; properties: Record<string, string> }

/**
 * The next batch of the audience after contact id `afterId`, in id order, with each contact's property values (and the
 * team's fallback values where a contact has none) for merge data. Streams: never more than `limit` rows in memory.
 */
export async function nextMembers(db: Executor, teamId: number, predicate: RawBuilder<SqlBool>, afterId: number, limit: number): Promise<AudienceMember[]> {
  const rows = await db.selectFrom('audience_contacts as c').select(['c.id', 'c.email'])
    .where('c.team_id', '=', teamId).where('c.id', '>', afterId).where(predicate).orderBy('c.id').limit(limit).execute();
  if (rows.length === 0) return [];
  const [values, props] = await Promise.all([
    db.selectFrom('audience_contact_values as v').innerJoin('audience_properties as p', 'p.id', 'v.property_id')
      .select(['v.contact_id', 'p.name', 'v.value']).where('v.team_id', '=', teamId).where('v.contact_id', 'in', rows.map((r) => r.id)).execute(),
    db.selectFrom('audience_properties').select(['name', 'fallback_value']).where('team_id', '=', teamId).execute(),
  ]);
  const fallbacks = Object.fromEntries(props.filter((p) => p.fallback_value !== null).map((p) => [p.name, p.fallback_value!]));
  const byContact = new Map<number, Record<string, string>>();
  for (const v of values) (byContact.get(v.contact_id) ?? byContact.set(v.contact_id, {}).get(v.contact_id)!)[v.name] = v.value;
  return rows.map((r) => ({ id: r.id, email: r.email, properties: { ...fallbacks, ...byContact.get(r.id) } }));
}
