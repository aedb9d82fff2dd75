// POST /api/emails end to end on each database: the accept transaction writes message + recipients + deliver jobs +
// injection events together (and nothing at all when it fails), refusals are contract-shaped and write nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const base = { from: 'sender@example.com', to: ['rcpt@example.org'], subject: 'Hello', html: '<p>Hi</p>' };

forEachDatabase('POST /api/emails accept transaction', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    ({ team, key } = await sendingTeam(h));
  });
  after(() => h.close());

  async function rowsFor(requestId: string) {
    const k = h.ctx.db.kysely;
    const message = await k.selectFrom('messages').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    const recipients = message ? await k.selectFrom('message_recipients').selectAll().where('message_id', '=', message.id).orderBy('id').execute() : [];
    const jobs = await k.selectFrom('jobs').selectAll().where('queue', '=', 'deliver').where('team_id', '=', team).execute();
    const mine = jobs.filter((j) => recipients.some((r) => JSON.parse(j.payload).recipientId === r.id));
    const events = await k.selectFrom('events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
    return { message, recipients, jobs: mine, events };
  }

  async function counts() {
    const k = h.ctx.db.kysely;
    const n = async (table: 'messages' | 'message_recipients' | 'jobs' | 'events') =>
      Number((await k.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { messages: await n('messages'), recipients: await n('message_recipients'), jobs: await n('jobs'), events: await n('events') };
  }

  test('200 with the contract body; message, recipients, one deliver job and one injection event per recipient', async () => {
    const r = await h.api.post('/api/emails', key, {
      ...base, from_name: 'Sender', to: ['a@example.org', 'B@example.org'], cc: ['b@example.org', 'c@example.org'], bcc: ['d@example.org'],
      reply_to: 'reply@example.com', tag: 'welcome', metadata: { user_id: '42' }, headers: { 'X-Campaign': 'spring' },
      substitution_data: { name: 'Ann', items: [1, 2] }, text: 'Hi',
      attachments: [{ name: 'a.txt', type: 'text/plain', data: Buffer.from('hello').toString('base64') }],
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.message, 'Email queued for delivery.');
    assert.match(r.json.data.request_id, /^[0-9]{19,20}$/);
    assert.deepEqual([r.json.data.accepted, r.json.data.rejected], [4, 0]);

    const { message, recipients, jobs, events } = await rowsFor(r.json.data.request_id);
    assert.ok(message);
    assert.equal(message.team_id, team);
    assert.equal(message.state, 'queued');
    assert.equal(message.sending_domain, 'example.com');
    assert.deepEqual(JSON.parse(message.header_to), ['a@example.org', 'B@example.org']);
    assert.deepEqual(JSON.parse(message.header_cc), ['c@example.org']);
    assert.deepEqual(JSON.parse(message.custom_headers), { 'X-Campaign': 'spring' });
    assert.deepEqual(JSON.parse(message.substitution_data!), { name: 'Ann', items: [1, 2] });
    assert.equal(JSON.parse(message.attachments!)[0].name, 'a.txt');
    assert.deepEqual(recipients.map((x) => [x.email, x.rcpt_type, x.status]), [
      ['a@example.org', 'to', 'queued'], ['B@example.org', 'to', 'queued'], ['c@example.org', 'cc', 'queued'], ['d@example.org', 'bcc', 'queued'],
    ]);
    assert.equal(new Set(recipients.map((x) => x.verp_token)).size, 4);
    assert.equal(jobs.length, 4);
    assert.ok(jobs.every((j) => j.lane === 'transactional' && j.run_at === message.created_at));
    assert.equal(events.length, 4);
    const data = JSON.parse(events[2]!.data);
    assert.equal(data.type, 'injection');
    assert.equal(data.request_id, r.json.data.request_id);
    assert.equal(data.rcpt_to, 'c@example.org');
    assert.equal(data.rcpt_type, 'cc');
    assert.equal(data.campaign_id, 'welcome');
    assert.deepEqual(data.rcpt_meta, { user_id: '42' });
    assert.equal(events[1]!.recipient, 'b@example.org');
    assert.ok(events.every((e) => e.message_id === message.id && e.team_id === team));
  });

  test('non-transactional mail goes to the bulk lane', async () => {
    const r = await h.api.post('/api/emails', key, { ...base, options: { transactional: false } });
    const { jobs } = await rowsFor(r.json.data.request_id);
    assert.deepEqual(jobs.map((j) => j.lane), ['bulk']);
  });

  test('422s are the contract shape and write nothing', async () => {
    const before = await counts();
    const r = await h.api.post('/api/emails', key, { subject: 'x', text: 'y' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json, {
      message: 'Validation failed.', error_code: 'validation_error',
      errors: { from: ['The sender email address is required.'], to: ['At least one recipient email address is required.'] },
    });
    for (const body of [
      { ...base, subject: 'Hi\r\nBcc: victim@example.net' },
      { ...base, from_name: 'Eve\nBcc: victim@example.net' },
      { ...base, reply_to_name: 'x\r\ny' },
      { ...base, headers: { 'X-Custom': 'v\r\nBcc: victim@example.net' } },
      { ...base, headers: { Bcc: 'victim@example.net' } },
      { ...base, tag: 'a\nb' },
    ]) {
      const refused = await h.api.post('/api/emails', key, body);
      assert.equal(refused.status, 422, JSON.stringify(body));
    }
    const malformed = await h.api.request({ method: 'POST', url: '/api/emails', key, payload: '{"from":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 422);
    assert.deepEqual(await counts(), before);
  });

  test('a failure late in the transaction leaves no trace: no message, recipient, job or event', async () => {
    // A real database refusal on the injection event of one address, after message, recipients and jobs were written.
    const k = h.ctx.db.kysely;
    if (h.ctx.db.dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.recipient = 'boom@example.org'
        BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`.execute(k);
    } else {
      await sql`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN
        IF NEW.recipient = 'boom@example.org' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(k);
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_boom()`.execute(k);
    }
    try {
      const before = await counts();
      const r = await h.api.post('/api/emails', key, { ...base, to: ['ok@example.org', 'boom@example.org'] });
      assert.equal(r.status, 500);
      assert.deepEqual(r.json, { message: 'An unexpected error occurred. Please try again later.', error_code: 'send_error' });
      assert.deepEqual(await counts(), before);
    } finally {
      await sql`DROP TRIGGER refuse_boom${sql.raw(h.ctx.db.dialect === 'postgres' ? ' ON events' : '')}`.execute(k);
    }
  });

  test('sender domain: not added ⇒ 400 unconfigured_domain, exactly the contract body, nothing written', async () => {
    const before = await counts();
    for (const from of ['x@not-added.example', 'x@mail.example.com']) {
      const r = await h.api.post('/api/emails', key, { ...base, from });
      assert.equal(r.status, 400);
      const domain = from.split('@')[1];
      assert.deepEqual(r.json, {
        message: `The sender domain ${domain} is not configured or approved for sending. Add it first: POST /api/domains {"domain":"${domain}"} or \`lettr domain add ${domain}\`.`,
        error_code: 'unconfigured_domain',
      });
    }
    assert.deepEqual(await counts(), before);
  });

  test('mx delivery: an added but unverified domain may not send; local delivery lets it', async () => {
    const mx = await startHarness(db(), { LETTR_DELIVERY: 'mx' });
    try {
      const r = await mx.api.post('/api/emails', key, base);
      assert.equal(r.status, 400);
      assert.equal(r.json.error_code, 'unconfigured_domain');
      assert.match(r.json.message, /verify it: POST \/api\/domains\/example\.com\/verify\.$/);
      assert.equal((await h.api.post('/api/emails', key, base)).status, 200);
    } finally {
      await mx.close();
    }
  });

  test('template sends: the version\'s HTML and subject are copied into the message; misses are 404 template_not_found', async () => {
    assert.equal((await h.api.post('/api/templates', key, { name: 'Welcome Mail', html: 'v1 {{name}}' })).status, 201);
    assert.equal((await h.api.put('/api/templates/welcome-mail', key, { html: 'v2 {{name}}' })).status, 200);
    const r = await h.api.post('/api/emails', key, { from: base.from, to: base.to, template_slug: 'welcome-mail', html: '<p>ignored</p>', substitution_data: { name: 'Ann' } });
    assert.equal(r.status, 200, r.text);
    const { message } = await rowsFor(r.json.data.request_id);
    assert.deepEqual([message!.html, message!.subject, message!.template_slug, message!.template_version, message!.tag], ['v2 {{name}}', 'Welcome Mail', 'welcome-mail', 2, 'welcome-mail']);
    assert.ok(message!.project_id !== null);
    const v1 = await h.api.post('/api/emails', key, { from: base.from, to: base.to, template_slug: 'welcome-mail', template_version: 1, subject: 'Own subject', tag: 'own' });
    const row = (await rowsFor(v1.json.data.request_id)).message!;
    assert.deepEqual([row.html, row.subject, row.template_version, row.tag], ['v1 {{name}}', 'Own subject', 1, 'own']);
    const before = await counts();
    const misses: Array<[Record<string, unknown>, string]> = [
      [{ template_slug: 'nope' }, "Template with slug 'nope' was not found."],
      [{ template_slug: 'welcome-mail', project_id: 999999 }, "Project with ID '999999' was not found or you don't have access to it."],
    ];
    for (const [extra, message] of misses) {
      const miss = await h.api.post('/api/emails', key, { from: base.from, to: base.to, ...extra });
      assert.deepEqual([miss.status, miss.json], [404, { message, error_code: 'template_not_found' }]);
    }
    assert.equal((await h.api.post('/api/emails', key, { from: base.from, to: base.to, template_slug: 'welcome-mail', template_version: 9 })).json.error_code, 'template_not_found');
    assert.deepEqual(await counts(), before);
  });

  test('sandbox key: one copy to the key creator, raw recipient kept in the event', async () => {
    const k = h.ctx.db.kysely;
    const { id: userId } = await k.insertInto('users').values({ email: 'owner@team.example', name: 'Owner', password_hash: null, created_at: Date.now() })
      .returning('id').executeTakeFirstOrThrow();
    const sandbox = (await h.createKey(team, { type: 'sandbox', createdBy: userId })).key;
    const r = await h.api.post('/api/emails', sandbox, { ...base, from: 'noreply@unadded-domain.example', to: ['x@example.org', 'y@example.org'], bcc: ['z@example.org'] });
    assert.equal(r.status, 200);
    assert.deepEqual([r.json.data.accepted, r.json.data.rejected], [1, 0]);
    const { message, recipients, events } = await rowsFor(r.json.data.request_id);
    assert.equal(message!.sandbox, 1);
    assert.deepEqual(recipients.map((x) => [x.email, x.raw_email]), [['owner@team.example', 'x@example.org']]);
    const data = JSON.parse(events[0]!.data);
    assert.deepEqual([data.rcpt_to, data.raw_rcpt_to], ['owner@team.example', 'x@example.org']);
  });

  test('sandbox key without a creator cannot send', async () => {
    const orphan = (await h.createKey(team, { type: 'sandbox' })).key;
    const r = await h.api.post('/api/emails', orphan, base);
    assert.equal(r.status, 400);
    assert.equal(r.json.error_code, 'send_error');
  });

  test('teams are isolated: each team sees only its own rows', async () => {
    const { team: other, key: otherKey } = await sendingTeam(h, { name: 'Other' });
    const r = await h.api.post('/api/emails', otherKey, base);
    const { message } = await rowsFor(r.json.data.request_id);
    assert.equal(message!.team_id, other);
  });
});
