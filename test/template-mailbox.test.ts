// Template sends end to end (issue 5 "done when"): POST /api/emails with template_slug → accept → deliver job →
// one render per recipient through the template engine → real SMTP into the built-in local mailbox. The mailbox
// holds the rendered subject, text and HTML; a template that exceeds a render bound becomes a generation_failure
// event for that recipient instead of a crash. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailboxService } from '../src/mailbox/service.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

const TEMPLATE = [
  '<h1>Hi {{ first_name or "there" }}</h1>',
  '<p>Order {{order_id}} for {{address.email}}</p>',
  '{{if not empty(items)}}',
  '<ul>',
  '  {{each items}}',
  '  <li>{{loop_index}}. {{loop_var.name}} = {{loop_var.qty * loop_var.price}}</li>',
  '  {{end}}',
  '</ul>',
  '{{end}}',
  '<a href="https://shop.example/track?order={{order_id}}">Track</a>',
].join('\n');

forEachDatabase('template sends reach the local mailbox', (db) => {
  let h: Harness;
  let mailbox: { stop(): Promise<void> };
  let key: string;
  const beyond = { beyondContract: 'the local mailbox is our extension' };

  before(async () => {
    h = await startHarness(db());
    mailbox = await mailboxService.start(h.ctx);
    key = (await h.createKey(await h.createTeam('Templates team'))).key;
    assert.equal((await h.api.post('/api/domains', key, { domain: 'shop.test' })).status, 201);
    assert.equal((await h.api.post('/api/templates', key, { name: 'Order Confirmation', html: TEMPLATE })).status, 201);
  });
  after(async () => {
    await mailbox.stop();
    await h.close();
  });

  async function mailboxFor(requestId: string) {
    const listed = await h.api.get('/api/mailbox/messages?per_page=100', key, beyond);
    assert.equal(listed.status, 200, listed.text);
    return (listed.json.data.messages as Array<Record<string, any>>).filter((m) => m.request_id === requestId);
  }

  test('subject, text and HTML are rendered per recipient', async () => {
    const sent = await h.api.post('/api/emails', key, {
      from: 'orders@shop.test', to: ['ann@example.org', 'bob@example.org'], template_slug: 'order-confirmation',
      subject: 'Order {{order_id}} confirmed, {{first_name}}', text: 'Order {{order_id}}: https://shop.example/t?o={{order_id}}',
      substitution_data: { first_name: 'Zoë & Co', order_id: 'A 7', items: [{ name: '<Pen>', qty: 2, price: 1.5 }, { name: 'Ink', qty: 1, price: 3 }] },
    });
    assert.equal(sent.status, 200, sent.text);
    await h.runJobs();
    const got = await mailboxFor(sent.json.data.request_id);
    assert.deepEqual(got.map((m) => m.rcpt_to).sort(), ['ann@example.org', 'bob@example.org']);
    for (const m of got) {
      assert.equal(m.subject, 'Order A 7 confirmed, Zoë & Co');
      assert.equal(m.text.trim(), 'Order A 7: https://shop.example/t?o=A%207');
      assert.equal(m.html.trim(), [
        '<h1>Hi Zoë &amp; Co</h1>',
        `<p>Order A 7 for ${m.rcpt_to}</p>`,
        '<ul>',
        '  <li>1. &lt;Pen&gt; = 3</li>',
        '  <li>2. Ink = 3</li>',
        '</ul>',
        '<a href="https://shop.example/track?order=A%207">Track</a>',
      ].join('\n'));
    }
  });

  test('history shows the subject each copy was sent with, the template source beside it', async () => {
    const sent = await h.api.post('/api/emails', key, {
      from: 'orders@shop.test', to: ['cy@example.org', 'di@example.org'], template_slug: 'order-confirmation',
      subject: 'Order {{order_id}}', substitution_data: { first_name: 'Cy', order_id: '1042', items: [] },
    });
    assert.equal(sent.status, 200, sent.text);
    const requestId = sent.json.data.request_id;
    const pending = await h.api.get(`/api/emails/${requestId}`, key);
    assert.equal(pending.json.data.subject, 'Order {{order_id}}', 'before the copies are built: the source');
    await h.runJobs();
    const detail = await h.api.get(`/api/emails/${requestId}`, key);
    assert.equal(detail.status, 200);
    for (const e of detail.json.data.events) {
      assert.equal(e.subject, 'Order 1042', `${e.type} event of ${e.rcpt_to}`);
      assert.equal(e.subject_template, 'Order {{order_id}}');
    }
    assert.equal(detail.json.data.subject, 'Order 1042');
    const list = await h.api.get('/api/emails?per_page=100', key);
    const mine = list.json.data.events.data.filter((r: { request_id: string }) => r.request_id === requestId);
    assert.deepEqual(mine.map((r: { subject: string }) => r.subject), ['Order 1042', 'Order 1042']);
    const events = await h.api.get(`/api/emails/events?per_page=100&transmissions=${requestId}`, key);
    assert.ok(events.json.data.events.data.length >= 4);
    for (const e of events.json.data.events.data) assert.equal(e.subject, 'Order 1042');
    // A send without substitutions stores nothing extra and shows its subject as is.
    const plain = await h.api.post('/api/emails', key, { from: 'orders@shop.test', to: ['ed@example.org'], subject: 'Plain', text: 'x' });
    await h.runJobs();
    const plainDetail = await h.api.get(`/api/emails/${plain.json.data.request_id}`, key);
    assert.equal(plainDetail.json.data.subject, 'Plain');
    assert.equal(plainDetail.json.data.events[0].subject_template, undefined);
  });

  test('without a subject the template name is used; a pinned older version is what arrives', async () => {
    assert.equal((await h.api.put('/api/templates/order-confirmation', key, { html: '<p>v2 {{order_id}}</p>' })).status, 200);
    const sent = await h.api.post('/api/emails', key, {
      from: 'orders@shop.test', to: ['cy@example.org'], template_slug: 'order-confirmation', template_version: 1, substitution_data: { order_id: 'B2' },
    });
    const latest = await h.api.post('/api/emails', key, {
      from: 'orders@shop.test', to: ['dee@example.org'], template_slug: 'order-confirmation', substitution_data: { order_id: 'C3' },
    });
    await h.runJobs();
    const [old] = await mailboxFor(sent.json.data.request_id);
    assert.equal(old!.subject, 'Order Confirmation');
    assert.match(old!.html, /<h1>Hi there<\/h1>\n<p>Order B2 for cy@example.org<\/p>/);
    const [now] = await mailboxFor(latest.json.data.request_id);
    assert.equal(now!.html.trim(), '<p>v2 C3</p>');
  });

  test('a render bound exceeded is a generation_failure for the recipient, nothing delivered', async () => {
    const nested = '{{each l}}{{each l}}{{each l}}x{{end}}{{end}}{{end}}';
    assert.equal((await h.api.post('/api/templates', key, { name: 'Explosive', html: nested })).status, 201);
    const sent = await h.api.post('/api/emails', key, {
      from: 'orders@shop.test', to: ['eve@example.org'], template_slug: 'explosive', subject: 'x',
      substitution_data: { l: Array.from({ length: 100 }, () => 0) },
    });
    await h.runJobs();
    const events = await h.ctx.db.kysely.selectFrom('events').select(['type', 'data']).where('request_id', '=', sent.json.data.request_id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.type), ['injection', 'generation_failure']);
    assert.match(JSON.stringify(JSON.parse(events[1]!.data)), /loop iterations exceed 100000/);
    assert.deepEqual(await mailboxFor(sent.json.data.request_id), []);
    const status = await h.ctx.db.kysely.selectFrom('message_recipients').select('status').where('email', '=', 'eve@example.org').executeTakeFirstOrThrow();
    assert.equal(status.status, 'failed');
  });
});
