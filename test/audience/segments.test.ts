// Segment rules evaluated in SQL (spec §8), held to an in-memory reference of the documented semantics: every
// field × operator × value of a pool exhaustively, then random condition groups with fast-check, on both databases.
// The audience is drawn once from a seeded generator and written to the database; the reference reads the same data.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { propertiesByName } from '../../src/audience/contact-store.js';
import { parseIsoDate } from '../../src/audience/property-values.js';
import { OPERATORS, resolveGroups, type Condition, type ConditionGroup } from '../../src/audience/segment-rules.js';
import { segmentSql } from '../../src/audience/segment-sql.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const TEXTS = ['a', 'b', 'ab', 'ba', 'A', 'aB', '', 'é', '😀a', '%', '_'];
const NUMBERS = ['-1', '0', '1.5', '2', '10'];
const DATES = ['2026-01-01', '2026-03-15T12:00:00Z', '2026-06-30', '2025-12-31T23:59:59+02:00'];
const STATUSES = ['subscribed', 'unsubscribed', 'bounced', 'complained', 'unverified'];
const LISTS = ['A', 'B'];
const TOPICS = [{ name: 'News', def: 'opt_out' }, { name: 'Deals', def: 'opt_in' }];
const PROPS = { plan: 'string', score: 'number', vip: 'boolean', joined: 'date', meta: 'json' } as const;

interface Person {
  email: string; status: string; createdAt: number; lists: string[];
  /** Explicit topic choices (absent = the topic's default). */
  topics: Record<string, boolean>;
  values: Partial<Record<keyof typeof PROPS, string>>;
}

const person = fc.record({
  local: fc.constantFrom(...TEXTS.filter((t) => /^[a-z]+$/i.test(t))), n: fc.nat(10_000),
  domain: fc.constantFrom('a.test', 'ba.test', 'example.com'),
  status: fc.constantFrom(...STATUSES),
  created: fc.constantFrom(...DATES),
  lists: fc.subarray(LISTS),
  topics: fc.record({ News: fc.option(fc.boolean(), { nil: undefined }), Deals: fc.option(fc.boolean(), { nil: undefined }) }),
  plan: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }),
  score: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined }),
  vip: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
  joined: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
  meta: fc.option(fc.constantFrom('{"a":1}', '[1,2]', '"ab"'), { nil: undefined }),
});

const audience: Person[] = fc.sample(person, { numRuns: 60, seed: 15 }).map((p, i) => ({
  email: `${p.local.toLowerCase()}${p.n}x${i}@${p.domain}`, status: p.status, createdAt: parseIsoDate(p.created)!, lists: p.lists,
  topics: Object.fromEntries(Object.entries(p.topics).filter(([, v]) => v !== undefined)) as Record<string, boolean>,
  values: Object.fromEntries((['plan', 'score', 'vip', 'joined', 'meta'] as const).filter((k) => p[k] !== undefined).map((k) => [k, p[k]!])),
}));

// The reference: the documented semantics, written independently of the SQL.
function textOp(op: string, have: string | undefined, want: string): boolean {
  if (have === undefined) return false;
  switch (op) {
    case 'contains': return have.includes(want);
    case 'equals': return have === want;
    case 'starts_with': return have.startsWith(want);
    case 'ends_with': return have.endsWith(want);
  }
  throw new Error(op);
}
function positiveOf(op: string): string { return op.startsWith('not_') ? op.slice(4) : op; }

function refMatches(p: Person, c: Condition): boolean {
  const neg = c.operator.startsWith('not_');
  const op = positiveOf(c.operator);
  const v = c.value ?? '';
  let hit: boolean;
  if (c.field === 'email') hit = textOp(op, p.email, v.trim().toLowerCase());
  else if (c.field === 'status') hit = p.status === v;
  else if (c.field === 'created_at') hit = op === 'before' ? p.createdAt < parseIsoDate(v)! : p.createdAt > parseIsoDate(v)!;
  else if (c.field === 'lists') hit = p.lists.includes(v);
  else if (c.field === 'topics') {
    const t = TOPICS.find((x) => x.name === v);
    hit = t ? (p.topics[t.name] ?? t.def === 'opt_out') : false;
  } else {
    const name = c.field.slice('properties.'.length) as keyof typeof PROPS;
    const have = p.values[name];
    const type = PROPS[name];
    if (type === 'boolean') hit = have !== undefined && (have === 'true') === (c.operator === 'is_true');
    else if (type === 'number') {
      const a = have === undefined ? NaN : Number(have);
      const b = Number(v);
      hit = have !== undefined && ({ equals: a === b, greater_than: a > b, greater_than_or_equal: a >= b, less_than: a < b, less_than_or_equal: a <= b } as Record<string, boolean>)[op]!;
    } else if (type === 'date') hit = have !== undefined && (op === 'before' ? parseIsoDate(have)! < parseIsoDate(v)! : parseIsoDate(have)! > parseIsoDate(v)!);
    else hit = textOp(op, have, v);
  }
  return neg ? !hit : hit;
}

const refSegment = (groups: ConditionGroup[], listName: string | null) =>
  audience.filter((p) => (listName === null || p.lists.includes(listName)) && groups.every((g) => g.conditions.some((c) => refMatches(p, c))))
    .map((p) => p.email).sort();

/** Every condition the rules accept, with its operand pool. */
const TEXT_OPS = ['contains', 'not_contains', 'equals', 'not_equals', 'starts_with', 'not_starts_with', 'ends_with', 'not_ends_with'];
const NUMBER_OPS = ['equals', 'not_equals', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal'];
const valid: Condition[] = [
  ...TEXT_OPS.flatMap((op) => [...TEXTS, 'x0@', '.test', 'A.TEST'].map((value) => ({ field: 'email', operator: op, value }))),
  ...['equals', 'not_equals'].flatMap((op) => STATUSES.map((value) => ({ field: 'status', operator: op, value }))),
  ...['before', 'after'].flatMap((op) => DATES.map((value) => ({ field: 'created_at', operator: op, value }))),
  ...['equals', 'not_equals'].flatMap((op) => [...LISTS, 'C'].map((value) => ({ field: 'lists', operator: op, value }))),
  ...['equals', 'not_equals'].flatMap((op) => ['News', 'Deals', 'None'].map((value) => ({ field: 'topics', operator: op, value }))),
  ...TEXT_OPS.flatMap((op) => TEXTS.map((value) => ({ field: 'properties.plan', operator: op, value }))),
  ...TEXT_OPS.flatMap((op) => ['a', '1', '[', '"ab"'].map((value) => ({ field: 'properties.meta', operator: op, value }))),
  ...NUMBER_OPS.flatMap((op) => NUMBERS.map((value) => ({ field: 'properties.score', operator: op, value }))),
  ...['before', 'after'].flatMap((op) => DATES.map((value) => ({ field: 'properties.joined', operator: op, value }))),
  { field: 'properties.vip', operator: 'is_true', value: null }, { field: 'properties.vip', operator: 'is_false', value: null },
] as Condition[];

forEachDatabase('segment rules in SQL against the reference', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  const listIds: Record<string, number> = {};

  before(async () => {
    h = await startHarness(db());
    team = await h.createTeam('Segments');
    key = (await h.createKey(team)).key;
    for (const [name, type] of Object.entries(PROPS)) assert.equal((await h.api.post('/api/audience/properties', key, { name, type })).status, 201);
    for (const name of LISTS) await h.api.post('/api/audience/lists', key, { name });
    for (const t of TOPICS) await h.api.post('/api/audience/topics', key, { name: t.name, default_subscription: t.def });
    const k = h.ctx.db.kysely;
    const props = await propertiesByName(k, team);
    for (const l of await k.selectFrom('audience_lists').select(['id', 'name']).where('team_id', '=', team).execute()) listIds[l.name] = l.id;
    const topics = await k.selectFrom('audience_topics').select(['id', 'name']).where('team_id', '=', team).execute();
    for (const p of audience) {
      const { id } = await k.insertInto('audience_contacts').values({ public_id: randomUUID(), team_id: team, email: p.email, status: p.status as any, created_at: p.createdAt, updated_at: p.createdAt }).returning('id').executeTakeFirstOrThrow();
      for (const l of p.lists) await k.insertInto('audience_contact_lists').values({ contact_id: id, list_id: listIds[l]!, team_id: team, created_at: 0 }).execute();
      for (const [name, sub] of Object.entries(p.topics)) {
        await k.insertInto('audience_contact_topics').values({ contact_id: id, topic_id: topics.find((t) => t.name === name)!.id, team_id: team, subscribed: sub ? 1 : 0, created_at: 0 }).execute();
      }
      for (const [name, value] of Object.entries(p.values)) {
        const type = PROPS[name as keyof typeof PROPS];
        const num = type === 'number' ? Number(value) : type === 'date' ? parseIsoDate(value) : type === 'boolean' ? (value === 'true' ? 1 : 0) : null;
        await k.insertInto('audience_contact_values').values({ contact_id: id, property_id: props.get(name)!.id, team_id: team, value, num_value: num }).execute();
      }
    }
  });
  after(() => h.close());

  async function sqlSegment(groups: ConditionGroup[], listName: string | null): Promise<string[]> {
    const errors: string[] = [];
    const predicates = resolveGroups(groups, await propertiesByName(h.ctx.db.kysely, team), (f, m) => errors.push(`${f}: ${m}`));
    assert.deepEqual(errors, []);
    const rows = await h.ctx.db.kysely.selectFrom('audience_contacts as c').select('c.email').where('c.team_id', '=', team)
      .where(segmentSql(h.ctx.db.dialect, team, predicates!, listName === null ? null : listIds[listName]!)).execute();
    return rows.map((r) => r.email).sort();
  }

  test('every field × operator × pooled value agrees with the reference', async () => {
    // Every operator of §8 is exercised.
    assert.deepEqual([...new Set(valid.map((c) => c.operator))].sort(), [...OPERATORS].sort());
    for (const c of valid) {
      const groups = [{ conditions: [c] }];
      assert.deepEqual(await sqlSegment(groups, null), refSegment(groups, null), JSON.stringify(c));
    }
  });

  test('random condition groups (OR inside, AND between, optional list scope) agree with the reference', async () => {
    const groups = fc.array(fc.record({ conditions: fc.array(fc.constantFrom(...valid), { minLength: 1, maxLength: 3 }) }), { maxLength: 3 });
    await fc.assert(fc.asyncProperty(groups, fc.constantFrom(null, 'A', 'B'), async (g, list) => {
      assert.deepEqual(await sqlSegment(g, list), refSegment(g, list));
    }), { numRuns: 150, seed: 8058 });
  });

  test('the API: create with a count, filter contacts by segment, refuse bad rules, unique names', async () => {
    const conditions = { groups: [{ conditions: [{ field: 'properties.score', operator: 'greater_than', value: '1' }] }, { conditions: [{ field: 'status', operator: 'equals', value: 'subscribed' }, { field: 'lists', operator: 'equals', value: 'A' }] }] };
    const created = await h.api.post('/api/audience/segments', key, { name: 'High scorers', conditions });
    assert.equal(created.status, 201, created.text);
    const expected = refSegment(conditions.groups as ConditionGroup[], null);
    assert.equal(created.json.data.cached_contacts_count, expected.length);
    assert.deepEqual(created.json.data.condition_groups, conditions.groups);
    assert.equal(created.json.data.list_id, null);
    const members = await h.api.get(`/api/audience/contacts?segment_id=${created.json.data.id}&per_page=100`, key);
    assert.deepEqual(members.json.data.contacts.map((c: any) => c.email).sort(), expected);

    const dup = await h.api.post('/api/audience/segments', key, { name: 'High scorers', conditions });
    assert.deepEqual(dup.json.errors, { name: ['The name has already been taken.'] });
    const bad = await h.api.post('/api/audience/segments', key, { name: 'Bad', conditions: { groups: [{ conditions: [
      { field: 'properties.score', operator: 'contains', value: '1' }, { field: 'properties.nope', operator: 'equals', value: 'x' },
      { field: 'status', operator: 'equals', value: 'asleep' }, { field: 'email', operator: 'sounds_like', value: 'x' }] }] } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { 'conditions.groups.0.conditions.3.operator': ['The selected conditions.groups.0.conditions.3.operator is invalid.'] });
    const bad2 = await h.api.post('/api/audience/segments', key, { name: 'Bad', conditions: { groups: [{ conditions: [
      { field: 'properties.score', operator: 'contains', value: '1' }, { field: 'properties.nope', operator: 'equals', value: 'x' }, { field: 'status', operator: 'equals', value: 'asleep' }] }] } });
    assert.deepEqual(bad2.json.errors, {
      'conditions.groups.0.conditions.0': ['The condition operator contains does not apply to a number property.'],
      'conditions.groups.0.conditions.1': ['The condition property nope is not defined for this team.'],
      'conditions.groups.0.conditions.2': ['The condition value must be one of subscribed, unsubscribed, bounced, complained, unverified.'],
    });

    // Scoped to a list, renamed, listed by list, deleted.
    const listA = (await h.api.get('/api/audience/lists?per_page=100', key)).json.data.lists.find((l: any) => l.name === 'A').id;
    const patched = await h.api.request({ method: 'PATCH', url: `/api/audience/segments/${created.json.data.id}`, key, body: { list_id: listA, name: 'High in A' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.data.list_name, 'A');
    assert.equal(patched.json.data.cached_contacts_count, refSegment(conditions.groups as ConditionGroup[], 'A').length);
    const byList = await h.api.get(`/api/audience/segments?list_id=${listA}`, key);
    assert.deepEqual(byList.json.data.segments.map((s: any) => s.name), ['High in A']);
    const otherKey = (await h.createKey(await h.createTeam('Other'))).key;
    assert.equal((await h.api.get(`/api/audience/segments/${created.json.data.id}`, otherKey)).status, 404);
    assert.equal((await h.api.get(`/api/audience/contacts?segment_id=${created.json.data.id}`, otherKey)).status, 422);
    assert.equal((await h.api.delete(`/api/audience/segments/${created.json.data.id}`, key)).status, 204);
    assert.equal((await h.api.get(`/api/audience/segments/${created.json.data.id}`, key)).status, 404);
  });

  test('a deleted property leaves its conditions matching nobody (their not_ twins everybody)', async () => {
    const made = await h.api.post('/api/audience/properties', key, { name: 'temp', type: 'string' });
    const seg = await h.api.post('/api/audience/segments', key, { name: 'Temp', conditions: { groups: [{ conditions: [{ field: 'properties.temp', operator: 'not_equals', value: 'x' }] }] } });
    assert.equal(seg.json.data.cached_contacts_count, audience.length);
    assert.equal((await h.api.delete(`/api/audience/properties/${made.json.data.id}`, key)).status, 204);
    assert.equal((await h.api.get(`/api/audience/segments/${seg.json.data.id}`, key)).json.data.cached_contacts_count, audience.length);
    const { n } = await h.ctx.db.kysely.selectFrom('audience_contacts').select(sql<number>`count(*)`.as('n')).where('team_id', '=', team).executeTakeFirstOrThrow();
    assert.equal(Number(n), audience.length);
  });
});
