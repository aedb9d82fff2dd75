// One-click unsubscribe that works (issue 15 point 5): marketing mail carries a signed /unsubscribe/<token> URL;
// a real HTTP client POSTs the RFC 8058 body (form-urlencoded and multipart) and the contact is unsubscribed, the
// address suppressed for marketing only, list_unsubscribe recorded once; the GET page offers everything or per public
// topic; forged and expired tokens get a clear page; the next marketing send skips the address while a
// transactional send to it still delivers. Over real HTTP against a listening server, both databases.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { issueUnsubscribeToken } from '../../src/delivery/index.js';
import { loggableUrl } from '../../src/http/logger.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDashboard, type Dashboard } from '../helpers/session-server.js';
import { eventsOf, send, statusesOf } from '../delivery/helpers.js';

forEachDatabase('one-click unsubscribe and the preferences page', (db) => {
  let d: Dashboard;
  let teamId: number;
  let key: string;
  let contactId: string;
  const base = () => `/dashboard/api/teams/${teamId}`;

  before(async () => {
    d = await startDashboard(db());
    const owner = await d.signUp('owner@example.com', { name: 'Olive' });
    teamId = owner.data.teams[0].id;
    key = (await d.createKey(teamId)).key;
    assert.equal((await d.api.post('/api/domains', key, { domain: 'news.test' })).status, 201);
    // The contact is made through the dashboard's per-team mount of the audience API (session, CSRF).
    const made = await owner.browser.post(`${base()}/audience/contacts`, { email: 'reader@example.org' });
    assert.equal(made.status, 201, made.text);
    contactId = made.json.data.id;
  });
  after(() => d.close());

  async function unsubscribeUrlOf(requestId: string): Promise<string> {
    const row = await d.ctx.db.kysely.selectFrom('mailbox_messages').select('raw').where('request_id', '=', requestId).executeTakeFirstOrThrow();
    const raw = Buffer.from(row.raw).toString();
    const header = /^List-Unsubscribe:(.*(?:\r\n[ \t].*)*)\r$/m.exec(raw)?.[1]?.replace(/\r\n[ \t]+/g, ' ').trim();
    assert.ok(header, 'List-Unsubscribe header present');
    assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    // Only the HTTPS target until an inbound listener takes the mailto: variant.
    assert.doesNotMatch(header, /mailto:/);
    const url = /^<([^>]+)>$/.exec(header)![1]!;
    return new URL(url).pathname;
  }

  const post = (path: string, body: string | FormData, type?: string) =>
    fetch(d.url + path, { method: 'POST', body, headers: type ? { 'content-type': type } : {}, redirect: 'manual' });

  test('marketing mail carries a working one-click URL; the POST unsubscribes once; transactional mail still flows', async () => {
    const { requestId } = await send(d, key, { from: 'news@news.test', to: ['Reader@example.org'], options: { transactional: false } });
    await d.runJobs();
    assert.equal((await statusesOf(d, requestId))['Reader@example.org']?.status, 'delivered');
    const path = await unsubscribeUrlOf(requestId);
    assert.match(path, /^\/unsubscribe\/[A-Za-z0-9_-]+\.[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$/);

    // Forged: one character of the MAC changed.
    const forged = path.slice(0, -1) + (path.endsWith('A') ? 'B' : 'A');
    const refused = await post(forged, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
    assert.equal(refused.status, 404);
    const contactBefore = await d.api.get(`/api/audience/contacts/${contactId}`, key);
    assert.equal(contactBefore.json.data.status, 'subscribed');

    const res = await post(path, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'Unsubscribed.');
    assert.equal((await d.api.get(`/api/audience/contacts/${contactId}`, key)).json.data.status, 'unsubscribed');
    const sup = await d.ctx.db.kysely.selectFrom('suppressions').selectAll().where('team_id', '=', teamId).execute();
    assert.deepEqual(sup.map((s) => ({ email: s.email, reason: s.reason, transactional: s.transactional, non_transactional: s.non_transactional, request_id: s.request_id })),
      [{ email: 'reader@example.org', reason: 'unsubscribe', transactional: 0, non_transactional: 1, request_id: requestId }]);
    const events = (await eventsOf(d, requestId)).filter((e) => e.type === 'list_unsubscribe');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.data.rcpt_to, 'Reader@example.org');
    assert.equal(events[0]!.data.transactional, false);
    // The events API lists it too, in the contract's shape.
    const listed = await d.api.get(`/api/emails/events?events=list_unsubscribe`, key);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.data.events.data.map((e: any) => [e.type, e.request_id]), [['list_unsubscribe', requestId]]);

    // Providers retry: a second POST changes nothing and records nothing.
    assert.equal((await post(path, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')).status, 200);
    assert.equal((await eventsOf(d, requestId)).filter((e) => e.type === 'list_unsubscribe').length, 1);

    const marketing = await send(d, key, { from: 'news@news.test', to: ['reader@example.org'], options: { transactional: false } });
    const reset = await send(d, key, { from: 'account@news.test', to: ['reader@example.org'], subject: 'Password reset' });
    await d.runJobs();
    assert.notEqual((await statusesOf(d, marketing.requestId))['reader@example.org']?.status, 'delivered');
    assert.equal((await statusesOf(d, reset.requestId))['reader@example.org']?.status, 'delivered');
  });

  test('multipart/form-data one-click body works too', async () => {
    const token = issueUnsubscribeToken(d.ctx.secrets, { teamId, email: 'multi@example.org', requestId: null, expiresAt: d.clock.now() + 60_000 });
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await post(`/unsubscribe/${token}`, form);
    assert.equal(res.status, 200);
    const sup = await d.ctx.db.kysely.selectFrom('suppressions').select('reason').where('team_id', '=', teamId).where('email', '=', 'multi@example.org').executeTakeFirst();
    assert.equal(sup?.reason, 'unsubscribe');
  });

  test('expired and malformed tokens show a clear page and change nothing', async () => {
    const expired = issueUnsubscribeToken(d.ctx.secrets, { teamId, email: 'late@example.org', requestId: null, expiresAt: d.clock.now() - 1000 });
    const page = await fetch(`${d.url}/unsubscribe/${expired}`);
    assert.equal(page.status, 410);
    assert.match(await page.text(), /This link has expired/);
    assert.equal((await post(`/unsubscribe/${expired}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')).status, 410);
    const junk = await fetch(`${d.url}/unsubscribe/${'x'.repeat(5000)}`);
    assert.equal(junk.status, 404);
    assert.match(await junk.text(), /This link is not valid/);
    const n = await d.ctx.db.kysely.selectFrom('suppressions').select('id').where('email', '=', 'late@example.org').execute();
    assert.equal(n.length, 0);
  });

  test('the preferences page: per public topic, then everything; link_unsubscribe recorded', async () => {
    const email = 'prefs@example.org';
    const contact = await d.api.post('/api/audience/contacts', key, { email });
    assert.equal(contact.status, 201);
    const now = Date.now();
    const topic = (name: string, visibility: string) => ({ public_id: randomUUID(), team_id: teamId, name, description: null, default_subscription: 'opt_out', visibility, created_at: now, updated_at: now });
    await d.ctx.db.kysely.insertInto('audience_topics').values([topic('Product news', 'public'), topic('Weekly <digest>', 'public'), topic('Internal', 'private')]).execute();

    const token = issueUnsubscribeToken(d.ctx.secrets, { teamId, email, requestId: null, expiresAt: d.clock.now() + 60_000 });
    const page = await fetch(`${d.url}/unsubscribe/${token}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.match(html, /prefs@example\.org/);
    assert.match(html, /Product news/);
    assert.match(html, /Weekly &lt;digest&gt;/);
    assert.doesNotMatch(html, /Internal/);

    // Keep "Product news", drop the digest.
    const topics = await d.ctx.db.kysely.selectFrom('audience_topics').select(['id', 'public_id', 'name']).where('team_id', '=', teamId).execute();
    const keep = topics.find((t) => t.name === 'Product news')!;
    const saved = await post(`/unsubscribe/${token}`, `choice=topics&topic=${keep.public_id}`, 'application/x-www-form-urlencoded');
    assert.equal(saved.status, 200);
    assert.match(await saved.text(), /Preferences saved/);
    const shown = await d.api.get(`/api/audience/contacts/${contact.json.data.id}`, key);
    assert.equal(shown.json.data.status, 'subscribed');
    assert.deepEqual(shown.json.data.topics.map((t: any) => t.name).sort(), ['Internal', 'Product news']);

    const all = await post(`/unsubscribe/${token}`, 'choice=all', 'application/x-www-form-urlencoded');
    assert.equal(all.status, 200);
    assert.match(await all.text(), /You are unsubscribed/);
    assert.equal((await d.api.get(`/api/audience/contacts/${contact.json.data.id}`, key)).json.data.status, 'unsubscribed');
    const events = await d.ctx.db.kysely.selectFrom('events').select('type').where('team_id', '=', teamId).where('recipient', '=', email).execute();
    assert.deepEqual(events.map((e) => e.type), ['link_unsubscribe', 'link_unsubscribe']);

    // The team re-subscribing the contact lifts the marketing block.
    const back = await d.api.request({ method: 'PATCH', url: `/api/audience/contacts/${contact.json.data.id}`, key, body: { status: 'subscribed' } });
    assert.equal(back.json.data.status, 'subscribed');
    const left = await d.ctx.db.kysely.selectFrom('suppressions').select('id').where('team_id', '=', teamId).where('email', '=', email).execute();
    assert.equal(left.length, 0);
  });

  test('access log lines never carry a link token', () => {
    assert.deepEqual(loggableUrl('/unsubscribe/abc.def0123.xyz'), { path: '/unsubscribe/[token]' });
    assert.deepEqual(loggableUrl('/confirm/1-2.abcdef01.xyz?x=1'), { path: '/confirm/[token]', query: ['x'] });
    assert.deepEqual(loggableUrl('/api/audience/contacts'), { path: '/api/audience/contacts' });
  });
});
