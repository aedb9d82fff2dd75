// Topics: storage. `contacts_count` counts subscribed contacts: explicit opt-ins plus, on opt_out topics, everyone
// who has not opted out (contract semantics, spec A17).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import type { PageRequest } from './params.js';

export interface TopicRow {
  id: number; public_id: string; name: string; description: string | null; default_subscription: string; visibility: string;
  created_at: number; contacts_count: number;
}

function withCounts(db: Executor, teamId: number) {
  return db.selectFrom('audience_topics as t').where('t.team_id', '=', teamId)
    .select(['t.id', 't.public_id', 't.name', 't.description', 't.default_subscription', 't.visibility', 't.created_at'])
    .select(sql<number>`case when t.default_subscription = 'opt_out'
      then (select count(*) from audience_contacts c where c.team_id = t.team_id)
        - (select count(*) from audience_contact_topics x where x.topic_id = t.id and x.subscribed = 0)
      else (select count(*) from audience_contact_topics x where x.topic_id = t.id and x.subscribed = 1) end`.as('contacts_count'));
}

const asRow = <T extends { contacts_count: number | string }>(r: T) => ({ ...r, contacts_count: Number(r.contacts_count) });

export async function pageTopics(db: Executor, teamId: number, page: PageRequest): Promise<{ rows: TopicRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    withCounts(db, teamId).orderBy('t.id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    db.selectFrom('audience_topics').where('team_id', '=', teamId).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(asRow), total: Number(total.n) };
}

export async function findTopic(db: Executor, teamId: number, publicId: string): Promise<TopicRow | null> {
  const r = await withCounts(db, teamId).where('t.public_id', '=', publicId).executeTakeFirst();
  return r ? asRow(r) : null;
}

export async function insertTopic(db: Executor, teamId: number, t: { name: string; defaultSubscription: string; visibility: string }, now: number): Promise<string> {
  const publicId = randomUUID();
  await db.insertInto('audience_topics').values({
    public_id: publicId, team_id: teamId, name: t.name, description: null, default_subscription: t.defaultSubscription,
    visibility: t.visibility, created_at: now, updated_at: now,
  }).execute();
  return publicId;
}

export async function updateTopic(db: Executor, teamId: number, id: number, set: { name?: string; visibility?: string }, now: number): Promise<void> {
  await db.updateTable('audience_topics').set({ ...set, updated_at: now }).where('team_id', '=', teamId).where('id', '=', id).execute();
}

export async function deleteTopic(db: Executor, teamId: number, id: number): Promise<void> {
  await db.deleteFrom('audience_topics').where('team_id', '=', teamId).where('id', '=', id).execute();
}

/** Records a contact's choice; returns whether the contact's effective subscription changed. */
export async function setTopicChoice(db: Executor, teamId: number, contactId: number, topic: TopicRow, subscribed: boolean, now: number): Promise<boolean> {
  const prior = await db.selectFrom('audience_contact_topics').select('subscribed')
    .where('contact_id', '=', contactId).where('topic_id', '=', topic.id).executeTakeFirst();
  const before = prior ? prior.subscribed === 1 : topic.default_subscription === 'opt_out';
  await db.insertInto('audience_contact_topics').values({ contact_id: contactId, topic_id: topic.id, team_id: teamId, subscribed: subscribed ? 1 : 0, created_at: now })
    .onConflict((oc) => oc.columns(['contact_id', 'topic_id']).doUpdateSet({ subscribed: subscribed ? 1 : 0 })).execute();
  return before !== subscribed;
}
