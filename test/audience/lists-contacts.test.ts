// Lists and contacts through the API (spec security-and-events §8, contract tag Audience): shapes, validation texts,
// pagination, normalisation, bulk operations with their counts, membership, tenant isolation. Every response is
// checked against the contract, on both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

forEachDatabase('audience lists and contacts API', (db) => {
  let h: Harness;
  let key: string;
  let otherKey: string;
  before(async () => {
    h = await startHarness(db());
    key = (await h.createKey(await h.createTeam('Acme'))).key;
    otherKey = (await h.createKey(await h.createTeam('Other'))).key;
  });
  after(() => h.close());

  const newList = async (name: string) => {
    const r = await h.api.post('/api/audience/lists', key, { name });
    assert.equal(r.status, 201, r.text);
    return r.json.data.id as string;
  };
  const newContact = async (email: string, body: Record<string, unknown> = {}) => {
    const r = await h.api.post('/api/audience/contacts', key, { email, ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.data;
  };

  test('lists: create, read, rename, unique names, pagination, delete', async () => {
    const created = await h.api.post('/api/audience/lists', key, { name: '  Newsletter  ' });
    assert.equal(created.status, 201);
    assert.equal(created.json.data.name, 'Newsletter');
    assert.equal(created.json.data.contacts_count, 0);
    const id = created.json.data.id;

    const dup = await h.api.post('/api/audience/lists', key, { name: 'Newsletter' });
    assert.equal(dup.status, 422);
    assert.deepEqual(dup.json.errors, { name: ['The name has already been taken.'] });
    assert.deepEqual((await h.api.post('/api/audience/lists', key, {})).json.errors, { name: ['The name field is required.'] });
    assert.deepEqual((await h.api.post('/api/audience/lists', key, { name: 'x'.repeat(256) })).json.errors, { name: ['The name must not be greater than 255 characters.'] });
    // Another team may use the same name.
    assert.equal((await h.api.post('/api/audience/lists', otherKey, { name: 'Newsletter' })).status, 201);

    const shown = await h.api.get(`/api/audience/lists/${id}`, key);
    assert.deepEqual(shown.json.data, { id, name: 'Newsletter', contacts_count: 0 });
    const renamed = await h.api.request({ method: 'PATCH', url: `/api/audience/lists/${id}`, key, body: { name: 'Weekly' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.json.data.name, 'Weekly');

    for (let i = 0; i < 3; i++) await newList(`Page ${i}`);
    const page = await h.api.get('/api/audience/lists?per_page=2&page=2', key);
    assert.equal(page.status, 200);
    assert.deepEqual(page.json.data.pagination, { total: 4, per_page: 2, current_page: 2, last_page: 2 });
    assert.equal(page.json.data.lists.length, 2);
    const bad = await h.api.get('/api/audience/lists?per_page=101&page=0', key);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { per_page: ['The per_page field must not be greater than 100.'], page: ['The page field must be at least 1.'] });

    assert.equal((await h.api.get(`/api/audience/lists/${id}`, otherKey)).status, 404);
    assert.equal((await h.api.get('/api/audience/lists/not-a-uuid', key)).status, 404);
    assert.equal((await h.api.delete(`/api/audience/lists/${id}`, otherKey)).status, 404);
    assert.equal((await h.api.delete(`/api/audience/lists/${id}`, key)).status, 204);
    const gone = await h.api.get(`/api/audience/lists/${id}`, key);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error_code, 'not_found');
  });

  test('lists: bulk delete takes only the team’s own ids', async () => {
    const a = await newList('Bulk A');
    const b = await newList('Bulk B');
    const foreign = (await h.api.post('/api/audience/lists', otherKey, { name: 'Theirs' })).json.data.id;
    const refused = await h.api.request({ method: 'DELETE', url: '/api/audience/lists/bulk', key, body: { list_ids: [a, foreign] } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.json.errors, { 'list_ids.1': ['The selected list_ids.1 is invalid.'] });
    const tooMany = await h.api.request({ method: 'DELETE', url: '/api/audience/lists/bulk', key, body: { list_ids: Array.from({ length: 51 }, () => MISSING) } });
    assert.equal(tooMany.status, 422);
    const ok = await h.api.request({ method: 'DELETE', url: '/api/audience/lists/bulk', key, body: { list_ids: [a, b, a] } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json.data, { deleted: 2 });
    assert.equal((await h.api.get(`/api/audience/lists/${foreign}`, otherKey)).status, 200);
  });

  test('contacts: normalised unique email, status, typed properties refused when undefined, read, update, delete', async () => {
    const list = await newList('Customers');
    const c = await newContact('  Ann@Example.COM ', { list_id: list });
    assert.equal(c.email, 'ann@example.com');
    assert.equal(c.status, 'subscribed');
    assert.deepEqual(c.lists, [{ id: list, name: 'Customers' }]);
    assert.deepEqual(c.topics, []);
    assert.deepEqual(c.properties, {});

    const dup = await h.api.post('/api/audience/contacts', key, { email: 'ANN@example.com' });
    assert.equal(dup.status, 422);
    assert.deepEqual(dup.json.errors, { email: ['The email has already been taken.'] });
    const invalid = await h.api.post('/api/audience/contacts', key, { email: 'not an address', list_id: 'nope' });
    assert.deepEqual(invalid.json.errors, { email: ['The email must be a valid email address.'], list_id: ['The list_id field must be a valid UUID.'] });
    const unknownList = await h.api.post('/api/audience/contacts', key, { email: 'x@example.com', list_id: MISSING });
    assert.deepEqual(unknownList.json.errors, { list_id: ['The selected list_id is invalid.'] });
    const undefinedProp = await h.api.post('/api/audience/contacts', key, { email: 'y@example.com', properties: { plan: 'pro' } });
    assert.deepEqual(undefinedProp.json.errors, { 'properties.plan': ['The property plan is not defined for this team.'] });
    // Nothing was created by the refused requests.
    assert.equal((await h.api.get('/api/audience/contacts?search=example.com', key)).json.data.pagination.total, 1);

    const shown = await h.api.get(`/api/audience/contacts/${c.id}`, key);
    assert.deepEqual(shown.json.data, c);
    assert.equal((await h.api.get(`/api/audience/contacts/${c.id}`, otherKey)).status, 404);

    const patched = await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${c.id}`, key, body: { status: 'unsubscribed', email: 'Ann.B@example.com' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.data.status, 'unsubscribed');
    assert.equal(patched.json.data.email, 'ann.b@example.com');
    const badStatus = await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${c.id}`, key, body: { status: 'bounced' } });
    assert.deepEqual(badStatus.json.errors, { status: ['The selected status is invalid. Allowed: subscribed, unsubscribed.'] });
    const other = await newContact('bob@example.com');
    const clash = await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${other.id}`, key, body: { email: 'ann.b@example.com' } });
    assert.deepEqual(clash.json.errors, { email: ['The email has already been taken.'] });

    assert.equal((await h.api.delete(`/api/audience/contacts/${other.id}`, key)).status, 204);
    assert.equal((await h.api.delete(`/api/audience/contacts/${other.id}`, key)).status, 404);
    assert.equal((await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${MISSING}`, key, body: {} })).status, 404);
  });

  test('contacts: filters by search, status and list; pagination; refused filters', async () => {
    const vip = await newList('VIP');
    await newContact('filter-1@shop.test', { list_id: vip });
    await newContact('filter-2@shop.test');
    const third = await newContact('filter_3@shop.test');
    await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${third.id}`, key, body: { status: 'unsubscribed' } });

    const all = await h.api.get('/api/audience/contacts?search=shop.test&per_page=2', key);
    assert.deepEqual(all.json.data.pagination, { total: 3, per_page: 2, current_page: 1, last_page: 2 });
    // LIKE wildcards in the search text are literal.
    assert.deepEqual((await h.api.get('/api/audience/contacts?search=filter_', key)).json.data.contacts.map((c: any) => c.email), ['filter_3@shop.test']);
    assert.deepEqual((await h.api.get('/api/audience/contacts?search=FILTER-2', key)).json.data.contacts.map((c: any) => c.email), ['filter-2@shop.test']);
    const unsub = await h.api.get('/api/audience/contacts?status=unsubscribed&search=shop.test', key);
    assert.deepEqual(unsub.json.data.contacts.map((c: any) => c.email), ['filter_3@shop.test']);
    const inList = await h.api.get(`/api/audience/contacts?list_id=${vip}`, key);
    assert.deepEqual(inList.json.data.contacts.map((c: any) => c.email), ['filter-1@shop.test']);

    const bad = await h.api.get(`/api/audience/contacts?status=gone&list_id=${MISSING}&segment_id=x`, key);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { status: ['The selected status is invalid.'], segment_id: ['The segment_id field must be a valid UUID.'] });
    const foreignList = await h.api.get(`/api/audience/contacts?list_id=${MISSING}`, key);
    assert.deepEqual(foreignList.json.errors, { list_id: ['The selected list_id is invalid.'] });
  });

  test('bulk create: normalised, de-duplicated, counted, with a per-item result; bad addresses named by index', async () => {
    const list = await newList('Imported');
    await newContact('existing@bulk.test');
    const r = await h.api.post('/api/audience/contacts/bulk', key, {
      emails: ['New1@Bulk.test', ' new1@bulk.test', 'existing@BULK.test', 'new2@bulk.test'], list_id: list,
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.created, 2);
    assert.equal(r.json.data.already_existed, 1);
    assert.deepEqual(r.json.data.results, [
      { email: 'new1@bulk.test', result: 'created' }, { email: 'existing@bulk.test', result: 'already_existed' }, { email: 'new2@bulk.test', result: 'created' },
    ]);
    // Every address of the batch joins the list, existing ones too.
    assert.equal((await h.api.get(`/api/audience/lists/${list}`, key)).json.data.contacts_count, 3);

    const bad = await h.api.post('/api/audience/contacts/bulk', key, { emails: ['ok@bulk.test', 'broken', 7] });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { 'emails.1': ['The email must be a valid email address.'], 'emails.2': ['The email field must be a string.'] });
    assert.equal((await h.api.get('/api/audience/contacts?search=ok@bulk', key)).json.data.pagination.total, 0);
    const tooMany = await h.api.post('/api/audience/contacts/bulk', key, { emails: Array.from({ length: 1001 }, (_, i) => `m${i}@bulk.test`) });
    assert.deepEqual(tooMany.json.errors, { emails: ['The emails field must not have more than 1000 items.'] });

    const thousand = await h.api.post('/api/audience/contacts/bulk', key, { emails: Array.from({ length: 1000 }, (_, i) => `k${i}@big.test`) });
    assert.equal(thousand.status, 201);
    assert.equal(thousand.json.data.created, 1000);
  });

  test('membership: single attach 201 then 200, detach 204 idempotent; bulk attach/detach counts pairs', async () => {
    const a = await newList('Members A');
    const b = await newList('Members B');
    const c1 = await newContact('m1@members.test');
    const c2 = await newContact('m2@members.test');

    const first = await h.api.post(`/api/audience/contacts/${c1.id}/lists/${a}`, key, undefined);
    assert.equal(first.status, 201);
    assert.equal((await h.api.post(`/api/audience/contacts/${c1.id}/lists/${a}`, key, undefined)).status, 200);
    assert.equal((await h.api.post(`/api/audience/contacts/${c1.id}/lists/${MISSING}`, key, undefined)).status, 404);
    assert.equal((await h.api.post(`/api/audience/contacts/${c1.id}/lists/${a}`, otherKey, undefined)).status, 404);

    const bulk = await h.api.post('/api/audience/contacts/lists/bulk', key, { contact_ids: [c1.id, c2.id], list_ids: [a, b] });
    assert.equal(bulk.status, 200);
    assert.deepEqual(bulk.json.data, { attached: 3, already_attached: 1, total_pairs: 4 });
    assert.equal((await h.api.get(`/api/audience/lists/${b}`, key)).json.data.contacts_count, 2);

    assert.equal((await h.api.delete(`/api/audience/contacts/${c1.id}/lists/${a}`, key)).status, 204);
    assert.equal((await h.api.delete(`/api/audience/contacts/${c1.id}/lists/${a}`, key)).status, 204);
    const detached = await h.api.request({ method: 'DELETE', url: '/api/audience/contacts/lists/bulk', key, body: { contact_ids: [c1.id, c2.id], list_ids: [a, b] } });
    assert.deepEqual(detached.json.data, { detached: 3, not_present: 1, total_pairs: 4 });

    const foreign = (await h.api.post('/api/audience/contacts', otherKey, { email: 'theirs@members.test' })).json.data.id;
    const refused = await h.api.post('/api/audience/contacts/lists/bulk', key, { contact_ids: [c1.id, foreign], list_ids: [a] });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.json.errors, { 'contact_ids.1': ['The selected contact_ids.1 is invalid.'] });
    const shape = await h.api.post('/api/audience/contacts/lists/bulk', key, { contact_ids: 'x', list_ids: [] });
    assert.deepEqual(shape.json.errors, { contact_ids: ['The contact_ids field must be an array.'], list_ids: ['The list_ids field is required.'] });
  });
});
