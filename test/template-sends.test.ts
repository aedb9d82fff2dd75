// Sending with a template through POST /api/emails and /api/emails/scheduled (spec §2.3): the version's HTML
// replaces inline html, the subject falls back to the template's subject then name, the request's text wins, the
// resolved version is pinned on the message, and every miss is a contract-shaped 404 template_not_found that writes
// nothing. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const base = { from: 'sender@example.com', to: ['rcpt@example.org'] };

forEachDatabase('template sends through POST /api/emails', (db) => {
  let h: Harness;
  let key: string;
  let projectId: number;
  before(async () => {
    h = await startHarness(db());
    ({ key } = await sendingTeam(h));
    const created = await h.api.post('/api/templates', key, { name: 'Order Shipped', html: '<p>v1 {{order_id}}</p>' });
    projectId = created.json.data.project_id;
    await h.api.put('/api/templates/order-shipped', key, { html: '<p>v2 {{order_id}}</p>' });
  });
  after(() => h.close());

  const message = (requestId: string) => h.ctx.db.kysely.selectFrom('messages').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const messageCount = async () => Number((await h.ctx.db.kysely.selectFrom('messages').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('active version, template name as subject, inline html ignored, tag defaults to the slug', async () => {
    const r = await h.api.post('/api/emails', key, { ...base, template_slug: 'order-shipped', html: '<p>ignored</p>', substitution_data: { order_id: 'A1' } });
    assert.equal(r.status, 200, r.text);
    const m = await message(r.json.data.request_id);
    assert.deepEqual([m.html, m.subject, m.text, m.template_slug, m.template_version, m.project_id, m.tag],
      ['<p>v2 {{order_id}}</p>', 'Order Shipped', null, 'order-shipped', 2, projectId, 'order-shipped']);
  });

  test('explicit subject, text and version win', async () => {
    const r = await h.api.post('/api/emails', key, {
      ...base, template_slug: 'order-shipped', template_version: 1, project_id: projectId, subject: 'Your order {{order_id}}', text: 'Order {{order_id}}',
    });
    assert.equal(r.status, 200, r.text);
    const m = await message(r.json.data.request_id);
    assert.deepEqual([m.html, m.subject, m.text, m.template_version], ['<p>v1 {{order_id}}</p>', 'Your order {{order_id}}', 'Order {{order_id}}', 1]);
  });

  test('scheduled sends pin the version resolved at scheduling', async () => {
    const at = new Date(h.clock.now() + 60 * 60_000).toISOString();
    const r = await h.api.post('/api/emails/scheduled', key, { ...base, template_slug: 'order-shipped', scheduled_at: at });
    assert.equal(r.status, 201, r.text);
    const m = await message(r.json.data.request_id);
    assert.deepEqual([m.html, m.template_version, m.state], ['<p>v2 {{order_id}}</p>', 2, 'scheduled']);
  });

  test('misses: 404 template_not_found with the contract texts, nothing written', async () => {
    const before = await messageCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ template_slug: 'welcome-email' }, "Template with slug 'welcome-email' was not found."],
      [{ template_slug: 'order-shipped', project_id: 999999 }, "Project with ID '999999' was not found or you don't have access to it."],
      [{ template_slug: 'order-shipped', template_version: 7 }, "Version 7 of template 'order-shipped' was not found."],
    ];
    for (const [extra, message] of cases) {
      const r = await h.api.post('/api/emails', key, { ...base, ...extra });
      assert.deepEqual([r.status, r.json], [404, { message, error_code: 'template_not_found' }]);
    }
    const other = (await sendingTeam(h, { name: 'Other', domain: 'other.example' })).key;
    const foreign = await h.api.post('/api/emails', other, { ...base, from: 'sender@other.example', template_slug: 'order-shipped' });
    assert.equal(foreign.status, 404, 'another team cannot send this team\'s template');
    const at = new Date(h.clock.now() + 60 * 60_000).toISOString();
    const scheduled = await h.api.post('/api/emails/scheduled', key, { ...base, template_slug: 'nope', scheduled_at: at },
      { beyondContract: 'the contract lists no 404 for POST /emails/scheduled, though the same template rules apply' });
    assert.deepEqual([scheduled.status, scheduled.json.error_code], [404, 'template_not_found']);
    assert.equal(await messageCount(), before);
  });

  test('a deleted template can no longer be sent; mail accepted before keeps its content', async () => {
    const sent = await h.api.post('/api/emails', key, { ...base, template_slug: 'order-shipped' });
    await h.api.delete('/api/templates/order-shipped', key);
    const after = await h.api.post('/api/emails', key, { ...base, template_slug: 'order-shipped' });
    assert.deepEqual([after.status, after.json.error_code], [404, 'template_not_found']);
    assert.equal((await message(sent.json.data.request_id)).html, '<p>v2 {{order_id}}</p>');
  });
});
