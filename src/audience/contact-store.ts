// Contacts: storage. Every function takes the team and filters by it; the contact's lists, topics and property values
// are read in one query each for a whole page, never one query per contact.
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/index.js';
import type { PageRequest } from './params.js';
import type { ContactStatus } from './tables.js';

export interface ContactRow { id: number; public_id: string; email: string; status: ContactStatus; created_at: number }

export interface HydratedContact extends ContactRow {
  lists: Array<{ id: string; name: string }>;
  topics: Array<{ id: string; name: string }>;
  properties: Record<string, string>;
}

export interface ContactFilter {
  search: string | null;
  status: ContactStatus | null;
  listId: number | null;
  /** A compiled segment (a predicate over the contact row aliased `c`). */
  segment: RawBuilder<SqlBool> | null;
}

const CONTACT_COLUMNS = ['c.id', 'c.public_id', 'c.email', 'c.status', 'c.created_at'] as const;

/** LIKE pattern for "contains", with the wildcards of the search text escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

function filtered(db: Executor, teamId: number, f: ContactFilter) {
  let q = db.selectFrom('audience_contacts as c').where('c.team_id', '=', teamId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.search) q = q.where(sql<boolean>`c.email like ${containsPattern(f.search)} escape '\\'`);
  if (f.listId !== null) {
    const listId = f.listId;
    q = q.where((eb) => eb.exists(eb.selectFrom('audience_contact_lists as fl').select('fl.contact_id')
      .whereRef('fl.contact_id', '=', 'c.id').where('fl.list_id', '=', listId)));
  }
  if (f.segment) q = q.where(f.segment);
  return q;
}

export async function pageContacts(db: Executor, teamId: number, f: ContactFilter, page: PageRequest): Promise<{ rows: HydratedContact[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, teamId, f).select(CONTACT_COLUMNS).orderBy('c.id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    filtered(db, teamId, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: await hydrate(db, teamId, rows), total: Number(total.n) };
}

export async function findContact(db: Executor, teamId: number, publicId: string): Promise<ContactRow | null> {
  return (await db.selectFrom('audience_contacts as c').select(CONTACT_COLUMNS)
    .where('c.team_id', '=', teamId).where('c.public_id', '=', publicId).executeTakeFirst()) ?? null;
}

export async function findContactByEmail(db: Executor, teamId: number, email: string): Promise<ContactRow | null> {
  return (await db.selectFrom('audience_contacts as c').select(CONTACT_COLUMNS)
    .where('c.team_id', '=', teamId).where('c.email', '=', email).executeTakeFirst()) ?? null;
}

export async function hydrateOne(db: Executor, teamId: number, row: ContactRow): Promise<HydratedContact> {
  return (await hydrate(db, teamId, [row]))[0]!;
}

/** Lists, subscribed topics and property values of a page of contacts. */
export async function hydrate(db: Executor, teamId: number, rows: ContactRow[]): Promise<HydratedContact[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [lists, topics, explicit, values] = await Promise.all([
    db.selectFrom('audience_contact_lists as cl').innerJoin('audience_lists as l', 'l.id', 'cl.list_id')
      .select(['cl.contact_id', 'l.public_id', 'l.name']).where('cl.team_id', '=', teamId).where('cl.contact_id', 'in', ids)
      .orderBy('l.id').execute(),
    db.selectFrom('audience_topics').select(['id', 'public_id', 'name', 'default_subscription'])
      .where('team_id', '=', teamId).orderBy('id').execute(),
    db.selectFrom('audience_contact_topics').select(['contact_id', 'topic_id', 'subscribed'])
      .where('team_id', '=', teamId).where('contact_id', 'in', ids).execute(),
    db.selectFrom('audience_contact_values as v').innerJoin('audience_properties as p', 'p.id', 'v.property_id')
      .select(['v.contact_id', 'p.name', 'v.value']).where('v.team_id', '=', teamId).where('v.contact_id', 'in', ids)
      .orderBy('p.name').execute(),
  ]);
  const choice = new Map(explicit.map((e) => [`${e.contact_id}:${e.topic_id}`, e.subscribed === 1]));
  return rows.map((r) => ({
    ...r,
    lists: lists.filter((l) => l.contact_id === r.id).map((l) => ({ id: l.public_id, name: l.name })),
    // An explicit choice wins; otherwise opt_out topics include the contact (contract semantics, spec A17).
    topics: topics.filter((t) => choice.get(`${r.id}:${t.id}`) ?? t.default_subscription === 'opt_out')
      .map((t) => ({ id: t.public_id, name: t.name })),
    properties: Object.fromEntries(values.filter((v) => v.contact_id === r.id).map((v) => [v.name, v.value])),
  }));
}

export async function insertContact(db: Executor, teamId: number, email: string, status: ContactStatus, now: number): Promise<ContactRow> {
  const publicId = randomUUID();
  const { id } = await db.insertInto('audience_contacts')
    .values({ public_id: publicId, team_id: teamId, email, status, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  return { id, public_id: publicId, email, status, created_at: now };
}

/** Many new contacts at once (the caller made sure none exists); their internal ids in input order. */
export async function insertContacts(db: Executor, teamId: number, emails: readonly string[], status: ContactStatus, now: number): Promise<number[]> {
  const ids: number[] = [];
  // 7 parameters a row.
  for (let i = 0; i < emails.length; i += 500) {
    const rows = emails.slice(i, i + 500).map((email) => ({ public_id: randomUUID(), team_id: teamId, email, status, created_at: now, updated_at: now }));
    const out = await db.insertInto('audience_contacts').values(rows).returning(['id', 'email']).execute();
    const byEmail = new Map(out.map((r) => [r.email, r.id]));
    for (const r of rows) ids.push(byEmail.get(r.email)!);
  }
  return ids;
}

export async function emailTaken(db: Executor, teamId: number, email: string, exceptId: number): Promise<boolean> {
  const row = await db.selectFrom('audience_contacts').select('id')
    .where('team_id', '=', teamId).where('email', '=', email).where('id', '!=', exceptId).executeTakeFirst();
  return row !== undefined;
}

export async function updateContact(db: Executor, teamId: number, id: number, set: { email?: string; status?: ContactStatus }, now: number): Promise<void> {
  await db.updateTable('audience_contacts').set({ ...set, updated_at: now }).where('team_id', '=', teamId).where('id', '=', id).execute();
}

export async function deleteContact(db: Executor, teamId: number, id: number): Promise<void> {
  await db.deleteFrom('audience_contacts').where('team_id', '=', teamId).where('id', '=', id).execute();
}

export interface StoredValue { propertyId: number; value: string; num: number | null }

/** Sets property values (replacing earlier ones) for the given contacts. */
export async function putValues(db: Executor, teamId: number, contactIds: readonly number[], values: readonly StoredValue[]): Promise<void> {
  if (values.length === 0 || contactIds.length === 0) return;
  const rows = contactIds.flatMap((contactId) => values.map((v) => ({ contact_id: contactId, property_id: v.propertyId, team_id: teamId, value: v.value, num_value: v.num })));
  // 5 parameters a row: 400 rows stay far below SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 400) {
    await db.insertInto('audience_contact_values').values(rows.slice(i, i + 400))
      .onConflict((oc) => oc.columns(['contact_id', 'property_id']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), num_value: eb.ref('excluded.num_value') })))
      .execute();
  }
}

export async function removeValues(db: Executor, teamId: number, contactId: number, propertyIds: readonly number[]): Promise<void> {
  if (propertyIds.length === 0) return;
  await db.deleteFrom('audience_contact_values').where('team_id', '=', teamId).where('contact_id', '=', contactId)
    .where('property_id', 'in', [...propertyIds]).execute();
}

/** The team's property definitions by name. */
export async function propertiesByName(db: Executor, teamId: number): Promise<Map<string, { id: number; type: string }>> {
  const rows = await db.selectFrom('audience_properties').select(['id', 'name', 'type']).where('team_id', '=', teamId).execute();
  return new Map(rows.map((r) => [r.name, { id: r.id, type: r.type }]));
}

/** Internal ids of the team's contacts among `publicIds`. */
export async function contactIdsOf(db: Executor, teamId: number, publicIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(publicIds)];
  const out = new Map<string, number>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('audience_contacts').select(['id', 'public_id'])
      .where('team_id', '=', teamId).where('public_id', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.public_id, r.id);
  }
  return out;
}
