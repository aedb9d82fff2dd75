// Topics (visibility, immutable default_subscription with the contract's meaning, spec A17), a contact's topic
// subscriptions (201 new / 200 existing / 204 idempotent), and typed properties with contact values checked against
// their type. Contract-checked, both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

forEachDatabase('audience topics and properties API', (db) => {
  let h: Harness;
  let key: string;
  let otherKey: string;
  before(async () => {
    h = await startHarness(db());
    key = (await h.createKey(await h.createTeam('Acme'))).key;
    otherKey = (await h.createKey(await h.createTeam('Other'))).key;
  });
  after(() => h.close());

  test('topics: defaults, opt_out includes everyone until they opt out, opt_in only who opts in; default is immutable', async () => {
    const a = (await h.api.post('/api/audience/contacts', key, { email: 'a@t.test' })).json.data.id;
    const b = (await h.api.post('/api/audience/contacts', key, { email: 'b@t.test' })).json.data.id;
    const plain = await h.api.post('/api/audience/topics', key, { name: 'Plain' });
    assert.equal(plain.status, 201);
    assert.deepEqual({ d: plain.json.data.default_subscription, v: plain.json.data.visibility, n: plain.json.data.contacts_count, desc: plain.json.data.description },
      { d: 'opt_in', v: 'private', n: 0, desc: null });
    const news = (await h.api.post('/api/audience/topics', key, { name: 'News', default_subscription: 'opt_out', visibility: 'public' })).json.data;
    assert.equal(news.contacts_count, 2);
    const bad = await h.api.post('/api/audience/topics', key, { name: '', default_subscription: 'maybe', visibility: 'secret' });
    assert.deepEqual(bad.json.errors, {
      name: ['The name field is required.'],
      default_subscription: ['The selected default_subscription is invalid. Allowed: opt_in, opt_out.'],
      visibility: ['The selected visibility is invalid. Allowed: private, public.'],
    });

    assert.equal((await h.api.post(`/api/audience/contacts/${a}/topics/${news.id}`, key, undefined)).status, 200);
    assert.equal((await h.api.delete(`/api/audience/contacts/${a}/topics/${news.id}`, key)).status, 204);
    assert.equal((await h.api.delete(`/api/audience/contacts/${a}/topics/${news.id}`, key)).status, 204);
    assert.equal((await h.api.get(`/api/audience/topics/${news.id}`, key)).json.data.contacts_count, 1);
    assert.deepEqual((await h.api.get(`/api/audience/contacts/${b}`, key)).json.data.topics, [{ id: news.id, name: 'News' }]);
    assert.equal((await h.api.post(`/api/audience/contacts/${a}/topics/${plain.json.data.id}`, key, undefined)).status, 201);
    assert.equal((await h.api.post(`/api/audience/contacts/${a}/topics/${plain.json.data.id}`, key, undefined)).status, 200);
    assert.deepEqual((await h.api.get(`/api/audience/contacts/${a}`, key)).json.data.topics.map((t: any) => t.name), ['Plain']);
    assert.equal((await h.api.post(`/api/audience/contacts/${a}/topics/${MISSING}`, key, undefined)).status, 404);
    assert.equal((await h.api.post(`/api/audience/contacts/${MISSING}/topics/${news.id}`, key, undefined)).status, 404);

    const renamed = await h.api.request({ method: 'PATCH', url: `/api/audience/topics/${news.id}`, key, body: { name: 'Newsletter', visibility: 'private' } });
    assert.equal(renamed.json.data.name, 'Newsletter');
    assert.equal(renamed.json.data.visibility, 'private');
    const fixed = await h.api.request({ method: 'PATCH', url: `/api/audience/topics/${news.id}`, key, body: { default_subscription: 'opt_in' } });
    assert.equal(fixed.status, 422);
    assert.deepEqual(fixed.json.errors, { default_subscription: ['The default_subscription cannot be changed after the topic is created.'] });

    const page = await h.api.get('/api/audience/topics?per_page=1', key);
    assert.deepEqual(page.json.data.pagination, { total: 2, per_page: 1, current_page: 1, last_page: 2 });
    assert.equal((await h.api.get(`/api/audience/topics/${news.id}`, otherKey)).status, 404);
    assert.equal((await h.api.delete(`/api/audience/topics/${news.id}`, key)).status, 204);
    assert.equal((await h.api.get(`/api/audience/topics/${news.id}`, key)).status, 404);
  });

  test('properties: names, types, 409 on a taken name, immutable name/type, typed contact values', async () => {
    const made: Record<string, string> = {};
    for (const [name, type] of [['plan', 'string'], ['seats', 'number'], ['trial', 'boolean'], ['renews', 'date'], ['extra', 'json']]) {
      const r = await h.api.post('/api/audience/properties', key, { name, type });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual({ name: r.json.data.name, type: r.json.data.type, fallback_value: r.json.data.fallback_value }, { name, type, fallback_value: null });
      made[name!] = r.json.data.id;
    }
    const taken = await h.api.post('/api/audience/properties', key, { name: 'plan', type: 'string' });
    assert.equal(taken.status, 409);
    assert.equal(taken.json.error_code, 'resource_already_exists');
    const bad = await h.api.post('/api/audience/properties', key, { name: 'Plan Name', type: 'text', fallback_value: 5 });
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['fallback_value', 'name', 'type']);
    const badFallback = await h.api.post('/api/audience/properties', key, { name: 'limit', type: 'number', fallback_value: 'lots' });
    assert.deepEqual(badFallback.json.errors, { fallback_value: ['The fallback_value field must be a number.'] });

    const patched = await h.api.request({ method: 'PATCH', url: `/api/audience/properties/${made.seats}`, key, body: { fallback_value: '1' } });
    assert.equal(patched.json.data.fallback_value, '1');
    const immutable = await h.api.request({ method: 'PATCH', url: `/api/audience/properties/${made.seats}`, key, body: { type: 'string' } });
    assert.deepEqual(immutable.json.errors, { type: ['The type of a property cannot be changed.'] });

    const wrong = await h.api.post('/api/audience/contacts', key, { email: 'typed@t.test', properties: { seats: 'ten', trial: 'maybe', renews: '2026-02-30', extra: '{', plan: 'x'.repeat(1001) } });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.json.errors, {
      'properties.seats': ['The properties.seats field must be a number.'],
      'properties.trial': ['The properties.trial field must be true or false.'],
      'properties.renews': ['The properties.renews field must be an ISO 8601 date.'],
      'properties.extra': ['The properties.extra field must be valid JSON.'],
      'properties.plan': ['The properties.plan field must not be greater than 1000 characters.'],
    });
    const ok = await h.api.post('/api/audience/contacts', key, { email: 'typed@t.test', properties: { seats: ' 10 ', trial: 'TRUE', renews: '2026-02-28', extra: '{"a":1}', plan: 'pro' } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.data.properties, { extra: '{"a":1}', plan: 'pro', renews: '2026-02-28', seats: '10', trial: 'true' });
    const cleared = await h.api.request({ method: 'PATCH', url: `/api/audience/contacts/${ok.json.data.id}`, key, body: { properties: { plan: null, seats: '12' } } });
    assert.deepEqual(cleared.json.data.properties, { extra: '{"a":1}', renews: '2026-02-28', seats: '12', trial: 'true' });

    const list = await h.api.get('/api/audience/properties', key);
    assert.deepEqual(list.json.data.properties.map((p: any) => p.name), ['extra', 'plan', 'renews', 'seats', 'trial']);
    assert.equal((await h.api.get(`/api/audience/properties/${made.plan}`, otherKey)).status, 404);
    assert.equal((await h.api.delete(`/api/audience/properties/${made.extra}`, key)).status, 204);
    assert.deepEqual(Object.keys((await h.api.get(`/api/audience/contacts/${ok.json.data.id}`, key)).json.data.properties), ['renews', 'seats', 'trial']);
  });
});
