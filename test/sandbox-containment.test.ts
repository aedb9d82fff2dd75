// Sandbox keys are contained (spec security-and-events §1.5, issue 11 §3), on each database and through the real
// built-in mailbox: the copy goes only to the key owner, From carries the sandbox domain (never the caller's), and an
// Idempotency-Key shared with a live key never replays the other's stored response.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailboxService } from '../src/mailbox/service.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const beyond = { beyondContract: 'the local mailbox is our extension' };

forEachDatabase('sandbox containment', (db) => {
  let h: Harness;
  let mailbox: { stop(): Promise<void> };
  let team: number;
  let live: string;
  let sandbox: string;

  before(async () => {
    h = await startHarness(db());
    mailbox = await mailboxService.start(h.ctx);
    ({ team, key: live } = await sendingTeam(h, { domain: 'bank.example' }));
    const { id: owner } = await h.ctx.db.kysely.insertInto('users')
      .values({ email: 'dev@team.example', name: 'Dev', password_hash: null, created_at: Date.now() })
      .returning('id').executeTakeFirstOrThrow();
    sandbox = (await h.createKey(team, { type: 'sandbox', createdBy: owner })).key;
  });
  after(async () => {
    await mailbox.stop();
    await h.close();
  });

  test('a sandbox send reaches only the key owner, from the sandbox domain with the local part kept', async () => {
    const sent = await h.api.post('/api/emails', sandbox, {
      from: 'security@bank.example', from_name: 'Bank Security', to: ['victim@example.org'], cc: ['other@example.org'],
      subject: 'Verify your account', text: 'click',
    });
    assert.equal(sent.status, 200, sent.text);
    await h.runJobs();
    const listed = await h.api.get('/api/mailbox/messages?per_page=100', live, beyond);
    const got = (listed.json.data.messages as Array<Record<string, any>>).filter((m) => m.request_id === sent.json.data.request_id);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.rcpt_to, 'dev@team.example');
    assert.match(got[0]!.from, /security@sandbox\.lettr\.localhost/);
    assert.doesNotMatch(JSON.stringify(got[0]), /security@bank\.example/);
    const raw = await h.ctx.db.kysely.selectFrom('mailbox_messages').select('raw').where('request_id', '=', sent.json.data.request_id).executeTakeFirstOrThrow();
    const headers = Buffer.from(raw.raw).toString('utf8').split(/\r?\n\r?\n/, 1)[0]!;
    assert.match(headers, /^From: "?Bank Security"? <security@sandbox\.lettr\.localhost>$/m);
    assert.doesNotMatch(headers, /bank\.example/i, 'the caller\'s domain appears nowhere in the headers');
    // A live send from the same team keeps its own verified-or-added domain.
    const liveSend = await h.api.post('/api/emails', live, { from: 'security@bank.example', to: ['victim@example.org'], subject: 's', text: 't' });
    const message = await h.ctx.db.kysely.selectFrom('messages').select('from_email').where('request_id', '=', liveSend.json.data.request_id).executeTakeFirstOrThrow();
    assert.equal(message.from_email, 'security@bank.example');
  });

  test('the same Idempotency-Key and body on a live and a sandbox key never replay each other', async () => {
    const body = { from: 'orders@bank.example', to: ['x@example.org'], subject: 'Order', text: 'ok' };
    const headers = { 'idempotency-key': 'order-4711' };
    const first = await h.api.request({ method: 'POST', url: '/api/emails', key: live, body, headers });
    const second = await h.api.request({ method: 'POST', url: '/api/emails', key: sandbox, body, headers });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.headers['idempotent-replayed'], undefined, 'the sandbox call was not answered from the live one');
    assert.notEqual(second.json.data.request_id, first.json.data.request_id);
    // Each still replays its own.
    const again = await h.api.request({ method: 'POST', url: '/api/emails', key: sandbox, body, headers });
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json.data.request_id, second.json.data.request_id);
    const liveAgain = await h.api.request({ method: 'POST', url: '/api/emails', key: live, body, headers });
    assert.equal(liveAgain.json.data.request_id, first.json.data.request_id);
    // A sandbox key first, then live with a different body: no mismatch leaks across either.
    const sb = await h.api.request({ method: 'POST', url: '/api/emails', key: sandbox, body, headers: { 'idempotency-key': 'sb-first' } });
    const lv = await h.api.request({ method: 'POST', url: '/api/emails', key: live, body: { ...body, text: 'other' }, headers: { 'idempotency-key': 'sb-first' } });
    assert.deepEqual([sb.status, lv.status], [200, 200]);
  });
});
