import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { composeMessage } from '../delivery/compose.js';
import { localTransport } from '../delivery/transports/local.js';
import { startMailboxListener, type MailboxListener, type ReceivedMessage } from './listener.js';
import { parseMail } from './parse.js';

const known = 'bounces+0123456789abcdef01234567@bounce.lettr.test';
const credential = { user: 'lettr-delivery', pass: 'held-by-our-delivery-only' };
const settings = { ehloName: 'lettr.test', connectMs: 2_000, socketMs: 2_000, maxConnectionsPerDestination: 2, maxMessagesPerConnection: 100, idleMs: 1_000 };

describe('mailbox listener', () => {
  const stored: ReceivedMessage[] = [];
  let failNextStore = false;
  let listener: MailboxListener;
  before(async () => {
    listener = await startMailboxListener({ host: '127.0.0.1', port: 0, maxBytes: 64 * 1024 }, {
      authenticate: (user, pass) => user === credential.user && pass === credential.pass,
      acceptSender: async (from) => from === known,
      store: async (m) => {
        if (failNextStore) { failNextStore = false; throw new Error('disk full'); }
        stored.push(m);
      },
    });
  });
  after(() => listener.close());
  const transport = () => localTransport(settings, () => listener.port, credential);

  it('stores a message and the parsed view matches', async () => {
    const raw = await composeMessage({
      from: { email: 'hi@sender.test', name: 'Hi' }, to: ['rcpt@example.test'], cc: ['cc@example.test'], subject: 'Hello',
      text: 'plain', html: '<p>x<img src="cid:logo"></p>', attachments: [{ name: 'logo.png', type: 'image/png', data: 'iVBORw0KGgo=' }],
      headers: {}, messageId: '<1.2@lettr.test>', date: new Date(), listUnsubscribe: null,
    });
    const t = transport();
    const outcome = await t.send({ from: known, to: 'rcpt@example.test' }, raw);
    t.close();
    assert.equal(outcome.kind, 'delivered');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.mailFrom, known);
    assert.deepEqual(stored[0]?.rcptTo, ['rcpt@example.test']);
    const parsed = await parseMail(stored[0]!.raw);
    assert.equal(parsed.subject, 'Hello');
    assert.equal(parsed.messageId, '<1.2@lettr.test>');
    assert.deepEqual(parsed.to, ['rcpt@example.test']);
    assert.deepEqual(parsed.cc, ['cc@example.test']);
    assert.equal(parsed.text?.trim(), 'plain');
    assert.equal(parsed.attachments[0]?.contentId, '<logo>');
  });

  it('refuses senders that are not ours', async () => {
    const t = transport();
    const outcome = await t.send({ from: 'someone@else.test', to: 'rcpt@example.test' }, Buffer.from('Subject: x\r\n\r\nx\r\n'));
    t.close();
    assert.equal(outcome.kind, 'bounced');
    if (outcome.kind === 'bounced') assert.equal(outcome.errorCode, '550');
  });

  it('refuses a client that knows a VERP address but not the delivery credential', async () => {
    const before = stored.length;
    const anonymous = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, ignoreTLS: true });
    await assert.rejects(anonymous.sendMail({ envelope: { from: known, to: ['rcpt@example.test'] }, raw: 'Subject: forged\r\n\r\nx\r\n' }), /530/);
    anonymous.close();
    const guessing = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, ignoreTLS: true, auth: { user: credential.user, pass: 'guess' } });
    await assert.rejects(guessing.sendMail({ envelope: { from: known, to: ['rcpt@example.test'] }, raw: 'Subject: forged\r\n\r\nx\r\n' }), /535/);
    guessing.close();
    assert.equal(stored.length, before);
  });

  it('answers 451 when storing fails, so the sender retries', async () => {
    const before = stored.length;
    failNextStore = true;
    const t = transport();
    const outcome = await t.send({ from: known, to: 'rcpt@example.test' }, Buffer.from('Subject: x\r\n\r\nx\r\n'));
    t.close();
    assert.equal(outcome.kind, 'deferred');
    assert.equal(stored.length, before);
  });

  it('refuses a message over the size limit', async () => {
    const t = transport();
    const outcome = await t.send({ from: known, to: 'rcpt@example.test' }, Buffer.from(`Subject: big\r\n\r\n${'x'.repeat(70_000)}\r\n`));
    t.close();
    assert.equal(outcome.kind, 'bounced');
    if (outcome.kind === 'bounced') assert.deepEqual([outcome.errorCode, outcome.bounceClass], ['552', 40]);
  });
});
