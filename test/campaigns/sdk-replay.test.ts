// The official Node SDK (lettr-com/lettr-node, package `lettr`) is not on the npm registry, so its audience.* and
// campaigns.* methods are replayed here exactly as its HttpClient builds them: method and path (ids through
// encodeURIComponent), query from the params object (undefined dropped), `Authorization: Bearer`, `User-Agent:
// lettr-node/<version>`, a JSON body with Content-Type only when there is one. All 39 calls go over real HTTP to a
// listening server; each must get a non-404 answer whose body fits the contract (and the SDK's unwrap rule).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCampaign } from '../../src/campaigns/index.js';
import { checkResponse } from '../helpers/contract.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

type Query = Record<string, string | number | undefined>;

/** The SDK's request construction (packages/lettr/src/http.ts), replayed. */
function sdkClient(baseUrl: string, apiKey: string) {
  return async (method: string, path: string, opts: { body?: unknown; query?: Query } = {}) => {
    let url = `${baseUrl}${path}`;
    if (opts.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, 'User-Agent': 'lettr-node/1.0.0' };
    const init: RequestInit = { method, headers };
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    checkResponse(method, new URL(url).pathname + new URL(url).search, res.status, json);
    return { status: res.status, body: json };
  };
}

const enc = encodeURIComponent;

forEachDatabase('the Node SDK audience and campaigns calls, replayed', (db) => {
  let h: Harness;
  let call: ReturnType<typeof sdkClient>;
  let team: number;
  const calls: string[] = [];

  before(async () => {
    h = await startHarness(db());
    team = await h.createTeam('SDK');
    const { key } = await h.createKey(team);
    const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const raw = sdkClient(`${url}/api`, key);
    call = async (method, path, opts) => {
      const r = await raw(method, path, opts);
      assert.notEqual(r.status, 404, `${method} ${path} answered 404: ${JSON.stringify(r.body)}`);
      calls.push(`${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`);
      return r;
    };
    assert.equal((await h.api.post('/api/domains', key, { domain: 'sdk.test' })).status, 201);
  });
  after(() => h.close());

  test('audience.lists, .contacts, .topics, .properties, .segments and campaigns: every method answers in shape', async () => {
    // audience.lists
    const list = (await call('POST', '/audience/lists', { body: { name: 'SDK list' } })).body.data;
    const list2 = (await call('POST', '/audience/lists', { body: { name: 'SDK list 2' } })).body.data;
    assert.equal((await call('GET', '/audience/lists', { query: { page: 1, per_page: undefined } })).status, 200);
    assert.equal((await call('GET', `/audience/lists/${enc(list.id)}`)).body.data.name, 'SDK list');
    assert.equal((await call('PATCH', `/audience/lists/${enc(list.id)}`, { body: { name: 'SDK renamed' } })).body.data.name, 'SDK renamed');

    // audience.properties and audience.topics first: contacts and segments use them
    const prop = (await call('POST', '/audience/properties', { body: { name: 'plan', type: 'string' } })).body.data;
    assert.equal((await call('GET', '/audience/properties', { query: {} })).status, 200);
    assert.equal((await call('GET', `/audience/properties/${enc(prop.id)}`)).body.data.type, 'string');
    assert.equal((await call('PATCH', `/audience/properties/${enc(prop.id)}`, { body: { fallback_value: 'free' } })).body.data.fallback_value, 'free');
    const topic = (await call('POST', '/audience/topics', { body: { name: 'News', default_subscription: 'opt_in', visibility: 'public' } })).body.data;
    assert.equal((await call('GET', '/audience/topics')).status, 200);
    assert.equal((await call('GET', `/audience/topics/${enc(topic.id)}`)).body.data.visibility, 'public');
    assert.equal((await call('PATCH', `/audience/topics/${enc(topic.id)}`, { body: { name: 'Newsletter' } })).body.data.name, 'Newsletter');

    // audience.contacts
    const contact = (await call('POST', '/audience/contacts', { body: { email: 'sdk@example.org', list_id: list.id, properties: { plan: 'pro' } } })).body.data;
    assert.deepEqual((await call('POST', '/audience/contacts/bulk', { body: { emails: ['b1@example.org', 'B1@example.org', 'b2@example.org'] } })).body.data.created, 2);
    assert.equal((await call('GET', '/audience/contacts', { query: { search: 'example.org', status: 'subscribed', list_id: undefined } })).body.data.pagination.total, 3);
    assert.equal((await call('GET', `/audience/contacts/${enc(contact.id)}`)).body.data.properties.plan, 'pro');
    assert.equal((await call('PATCH', `/audience/contacts/${enc(contact.id)}`, { body: { properties: { plan: 'team' } } })).body.data.properties.plan, 'team');
    assert.equal((await call('POST', `/audience/contacts/${enc(contact.id)}/lists/${enc(list2.id)}`)).status, 201);
    assert.equal((await call('DELETE', `/audience/contacts/${enc(contact.id)}/lists/${enc(list2.id)}`)).status, 204);
    assert.deepEqual((await call('POST', '/audience/contacts/lists/bulk', { body: { contact_ids: [contact.id], list_ids: [list.id, list2.id] } })).body.data, { attached: 1, already_attached: 1, total_pairs: 2 });
    assert.deepEqual((await call('DELETE', '/audience/contacts/lists/bulk', { body: { contact_ids: [contact.id], list_ids: [list2.id] } })).body.data, { detached: 1, not_present: 0, total_pairs: 1 });
    assert.equal((await call('POST', `/audience/contacts/${enc(contact.id)}/topics/${enc(topic.id)}`)).status, 201);
    assert.equal((await call('DELETE', `/audience/contacts/${enc(contact.id)}/topics/${enc(topic.id)}`)).status, 204);

    // audience.segments
    const seg = (await call('POST', '/audience/segments', { body: { name: 'Team plan', conditions: { groups: [{ conditions: [{ field: 'properties.plan', operator: 'equals', value: 'team' }] }] } } })).body.data;
    assert.equal(seg.cached_contacts_count, 1);
    assert.equal((await call('GET', '/audience/segments', { query: { list_id: undefined } })).status, 200);
    assert.equal((await call('GET', `/audience/segments/${enc(seg.id)}`)).body.data.name, 'Team plan');
    assert.equal((await call('PATCH', `/audience/segments/${enc(seg.id)}`, { body: { list_id: list.id } })).body.data.list_name, 'SDK renamed');

    // campaigns (created the way the dashboard editor and the CLI do: the public API has no create)
    const c = await createCampaign(h.ctx, team, { name: 'SDK campaign', from_email: 'news@sdk.test', subject: 'Hi', html: '<p>Hi</p>', list_ids: [list.id] });
    assert.equal((await call('GET', '/campaigns', { query: { page: 1, per_page: 20, status: undefined } })).body.data.campaigns.length, 1);
    assert.equal((await call('GET', `/campaigns/${enc(c.public_id)}`)).body.data.html_content, '<p>Hi</p>');
    const at = new Date(h.clock.now() + 86_400_000).toISOString();
    assert.equal((await call('POST', `/campaigns/${enc(c.public_id)}/schedule`, { body: { scheduled_at: at } })).body.data.status, 'scheduled');
    assert.equal((await call('POST', `/campaigns/${enc(c.public_id)}/unschedule`)).body.data.status, 'draft');
    assert.equal((await call('POST', `/campaigns/${enc(c.public_id)}/send`)).status, 202);
    await h.runJobs();
    const events = await call('GET', `/campaigns/${enc(c.public_id)}/events`, { query: { event_type: 'injection', limit: 10, cursor: undefined } });
    assert.equal(events.body.data.events.length, 1);

    // The deletes last.
    assert.equal((await call('DELETE', `/audience/segments/${enc(seg.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/audience/contacts/${enc(contact.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/audience/topics/${enc(topic.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/audience/properties/${enc(prop.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/audience/lists/${enc(list2.id)}`)).status, 204);
    assert.deepEqual((await call('DELETE', '/audience/lists/bulk', { body: { list_ids: [list.id] } })).body.data, { deleted: 1 });

    // Every one of the 39 operations of the contract's Audience and Campaigns tags was called.
    assert.equal(new Set(calls).size, 39, [...new Set(calls)].sort().join('\n'));
  });
});
