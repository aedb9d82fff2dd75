// Double opt-in (issue 15 point 2): the contact starts `unverified`, the confirmation mail goes out through Lettr's
// own sending (read back from the built-in mailbox) with {{confirmation_url}}; a valid click subscribes and
// redirects; a reused, forged or expired link shows a page and never redirects; a missing template or a refused
// sender creates nothing. Real HTTP, both databases, contract-checked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDashboard, type Dashboard } from '../helpers/session-server.js';

forEachDatabase('double opt-in', (db) => {
  let d: Dashboard;
  let key: string;
  let teamId: number;
  const doi = (extra: Record<string, unknown> = {}) => ({
    from: 'hello@optin.test', from_name: 'Optin', subject: 'Please confirm', template_slug: 'confirm-signup', redirect_url: 'https://example.com/welcome', ...extra,
  });

  before(async () => {
    d = await startDashboard(db());
    const owner = await d.signUp('owner@example.com');
    teamId = owner.data.teams[0].id;
    key = (await d.createKey(teamId)).key;
    assert.equal((await d.api.post('/api/domains', key, { domain: 'optin.test' })).status, 201);
    const t = await d.api.post('/api/templates', key, { name: 'Confirm signup', html: '<p>Confirm: <a href="{{confirmation_url}}">here</a></p>' });
    assert.equal(t.status, 201, t.text);
    assert.equal(t.json.data.slug, 'confirm-signup');
  });
  after(() => d.close());

  async function confirmationPath(email: string): Promise<string> {
    await d.runJobs();
    const row = await d.ctx.db.kysely.selectFrom('mailbox_messages').select(['html_body', 'subject']).where('rcpt_to', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(row.subject, 'Please confirm');
    const url = /href="([^"]+)"/.exec(row.html_body ?? '')![1]!;
    return new URL(url).pathname;
  }

  test('valid click subscribes and redirects; a reused link shows a page and does not redirect', async () => {
    const r = await d.api.post('/api/audience/contacts', key, { email: 'new@example.org', double_opt_in: doi() });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.status, 'unverified');
    const path = await confirmationPath('new@example.org');
    assert.match(path, /^\/confirm\//);

    const first = await fetch(d.url + path, { redirect: 'manual' });
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), 'https://example.com/welcome');
    assert.equal((await d.api.get(`/api/audience/contacts/${r.json.data.id}`, key)).json.data.status, 'subscribed');

    const again = await fetch(d.url + path, { redirect: 'manual' });
    assert.equal(again.status, 410);
    assert.equal(again.headers.get('location'), null);
    assert.match(await again.text(), /already been used/);
  });

  test('forged and expired links show a page, change nothing, never redirect', async () => {
    const r = await d.api.post('/api/audience/contacts', key, { email: 'late@example.org', double_opt_in: doi() });
    const path = await confirmationPath('late@example.org');
    const forged = await fetch(d.url + path.replace(/-([0-9a-z]+)\./, (_m, id) => `-${(parseInt(id, 36) + 1).toString(36)}.`), { redirect: 'manual' });
    assert.equal(forged.status, 404);
    assert.equal(forged.headers.get('location'), null);
    const junk = await fetch(`${d.url}/confirm/${'z'.repeat(3000)}`, { redirect: 'manual' });
    assert.equal(junk.status, 404);

    d.clock.advance(8 * 24 * 3_600_000);
    const expired = await fetch(d.url + path, { redirect: 'manual' });
    assert.equal(expired.status, 410);
    assert.equal(expired.headers.get('location'), null);
    assert.match(await expired.text(), /expired/);
    assert.equal((await d.api.get(`/api/audience/contacts/${r.json.data.id}`, key)).json.data.status, 'unverified');
  });

  test('a missing template is 404 and a refused sender 422; neither leaves a contact', async () => {
    const missing = await d.api.post('/api/audience/contacts', key, { email: 'nobody@example.org', double_opt_in: doi({ template_slug: 'no-such' }) });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: 'Double opt-in confirmation template not found.', error_code: 'template_not_found' });
    const sender = await d.api.post('/api/audience/contacts', key, { email: 'nobody@example.org', double_opt_in: doi({ from: 'hello@elsewhere.test' }) });
    assert.equal(sender.status, 422);
    assert.deepEqual(Object.keys(sender.json.errors), ['double_opt_in.from']);
    const bad = await d.api.post('/api/audience/contacts', key, { email: 'nobody@example.org', double_opt_in: { from: 'x' } });
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['double_opt_in.from', 'double_opt_in.redirect_url', 'double_opt_in.subject', 'double_opt_in.template_slug']);
    assert.equal((await d.api.get('/api/audience/contacts?search=nobody', key)).json.data.pagination.total, 0);
  });
});
