// The embedded default: `local` delivery over real SMTP to the built-in mailbox. The received message is read back
// through GET /api/mailbox/messages and `lettr mailbox list --json`, and its DKIM signature verifies (mailauth)
// against the domain's records served by the loopback DNS server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import nodemailer from 'nodemailer';
import { deliveryRuntime, dnsTxtResolver } from '../../src/delivery/index.js';
import { mailboxRetention } from '../../src/mailbox/jobs.js';
import { ensureRecurring } from '../../src/queue/index.js';
import { mailboxService } from '../../src/mailbox/service.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { runLettr } from '../helpers/spawn.js';
import { eventsOf, send, statusesOf } from './helpers.js';

forEachDatabase('local delivery into the built-in mailbox', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let mailbox: { stop(): Promise<void> };
  let key: string;
  let otherKey: string;
  let sendingKey: string;

  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address });
    mailbox = await mailboxService.start(h.ctx);
    const team = await h.createTeam('Mailbox team');
    key = (await h.createKey(team)).key;
    sendingKey = (await h.createKey(team, { permission: 'sending_only' })).key;
    otherKey = (await h.createKey(await h.createTeam('Other team'))).key;
    // Added, not verified: local delivery takes it. Its DKIM record is published so the signature can be checked.
    assert.equal((await h.api.post('/api/domains', key, { domain: 'local.test' })).status, 201);
    const records = (await h.api.get('/api/domains/local.test', key)).json.data.dns.records as Array<{ name: string; type: 'TXT' | 'CNAME'; value: string }>;
    for (const r of records) if (r.name.includes('._domainkey.')) dns.set(r.name, r.type, r.value);
  });
  after(async () => {
    await mailbox.stop();
    await h.close();
    await dns.close();
  });

  test('a sent email lands in the mailbox, readable by API and CLI, and its DKIM signature passes', async () => {
    const { requestId } = await send(h, key, {
      from: 'news@local.test', from_name: 'Local News', to: ['reader@example.org'], subject: 'Hello {{name}}',
      html: '<p>Hi {{name}} <img src="cid:logo"></p>', text: 'Hi {{name}}', substitution_data: { name: 'Ann' },
      attachments: [{ name: 'logo.png', type: 'image/png', data: 'iVBORw0KGgo=' }], headers: { 'X-Campaign': 'spring' },
      options: { transactional: false },
    });
    await h.runJobs();
    assert.deepEqual(await statusesOf(h, requestId), { 'reader@example.org': { status: 'delivered', attempts: 1 } });
    assert.deepEqual((await eventsOf(h, requestId)).map((e) => e.type), ['injection', 'delivery']);

    const listed = await h.api.get('/api/mailbox/messages', key, { beyondContract: 'the local mailbox is our extension' });
    assert.equal(listed.status, 200);
    const [m] = listed.json.data.messages;
    assert.equal(m.request_id, requestId);
    assert.equal(m.subject, 'Hello Ann');
    assert.equal(m.rcpt_to, 'reader@example.org');
    assert.match(m.html, /Hi Ann/);
    assert.deepEqual(m.attachments, [{ filename: 'logo.png', content_type: 'image/png', size: 8, content_id: '<logo>' }]);
    assert.equal(listed.json.data.pagination.next_cursor, null);

    const row = await h.ctx.db.kysely.selectFrom('mailbox_messages').select('raw').where('request_id', '=', requestId).executeTakeFirstOrThrow();
    const raw = Buffer.from(row.raw);
    assert.match(raw.toString(), /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const verified = await dkimVerify(raw, { resolver: dnsTxtResolver([dns.address]) });
    assert.ok(verified.results.length >= 1);
    for (const r of verified.results) assert.equal(r.status.result, 'pass', r.info);
    assert.ok(verified.results.every((r) => r.signingDomain === 'local.test'));

    const cli = await runLettr(['mailbox', 'list', '--json'], { LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });
    assert.equal(cli.code, 0, cli.stderr);
    assert.ok(cli.json.messages.some((x: { request_id: string }) => x.request_id === requestId));
  });

  test('mailbox reads are tenant-scoped, Full Access only, paginated and validated', async () => {
    for (let i = 0; i < 3; i++) await send(h, key, { from: 'news@local.test', to: [`p${i}@example.org`] });
    await h.runJobs();
    const beyond = { beyondContract: 'the local mailbox is our extension' };
    const other = await h.api.get('/api/mailbox/messages', otherKey, beyond);
    assert.deepEqual(other.json.data.messages, []);
    assert.equal((await h.api.get('/api/mailbox/messages', sendingKey, beyond)).status, 403);
    const page1 = await h.api.get('/api/mailbox/messages?per_page=2', key, beyond);
    assert.equal(page1.json.data.messages.length, 2);
    const cursor = page1.json.data.pagination.next_cursor;
    assert.ok(cursor);
    const page2 = await h.api.get(`/api/mailbox/messages?per_page=2&cursor=${cursor}`, key, beyond);
    assert.ok(page2.json.data.messages.every((m: { id: number }) => m.id < Number(cursor)));
    const one = await h.api.get('/api/mailbox/messages?recipient=P1@example.org', key, beyond);
    assert.deepEqual(one.json.data.messages.map((m: { rcpt_to: string }) => m.rcpt_to), ['p1@example.org']);
    const bad = await h.api.get('/api/mailbox/messages?per_page=500', key, beyond);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { per_page: ['The per_page parameter must not exceed 100.'] });
  });

  test('the mailbox takes mail only from this server\'s delivery: a client that knows a real VERP address is refused', async () => {
    const port = deliveryRuntime(h.ctx).mailboxPort();
    assert.ok(port > 0);
    // A VERP address Lettr really issued, as anyone reading the mailbox sees it.
    const issued = (await h.ctx.db.kysely.selectFrom('mailbox_messages').select('mail_from').executeTakeFirstOrThrow()).mail_from;
    const countBefore = (await h.ctx.db.kysely.selectFrom('mailbox_messages').select('id').execute()).length;
    const forge = (auth?: { user: string; pass: string }) => {
      const t = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, ...(auth ? { auth } : {}) });
      return t.sendMail({ envelope: { from: issued, to: ['x@example.org'] }, from: 'security@bank.example', to: 'x@example.org', subject: 'forged', text: 't' })
        .finally(() => t.close());
    };
    await assert.rejects(forge(), /530/);
    await assert.rejects(forge({ user: 'lettr-delivery', pass: 'guessed' }), /535/);
    assert.equal((await h.ctx.db.kysely.selectFrom('mailbox_messages').select('id').execute()).length, countBefore, 'nothing filed');
    // Our own credential still works, and an envelope sender Lettr did not issue is refused after it.
    const own = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'lettr-delivery', pass: h.ctx.secrets.derive('mailbox-smtp-auth') } });
    await assert.rejects(own.sendMail({ from: 'spoof@evil.test', to: 'x@example.org', subject: 's', text: 't' }), /550/);
    own.close();
  });

  test('received copies are pruned after LETTR_RETENTION_DAYS', async () => {
    const count = async () => (await h.ctx.db.kysely.selectFrom('mailbox_messages').select('id').execute()).length;
    assert.ok((await count()) > 0);
    await ensureRecurring(h.ctx, mailboxRetention.queue);
    h.clock.advance(31 * 86_400_000);
    await h.runJobs([mailboxRetention]);
    assert.equal(await count(), 0);
    h.clock.advance(-31 * 86_400_000);
  });

});
