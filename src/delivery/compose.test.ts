import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { composeMessage, inlineCid, type MessageDraft } from './compose.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const draft = (over: Partial<MessageDraft> = {}): MessageDraft => ({
  from: { email: 'hello@sender.test', name: 'Sender Ünïcode' },
  to: ['a@example.test', 'b@example.test'],
  cc: ['c@example.test'],
  replyTo: { email: 'reply@sender.test', name: null },
  subject: 'Grüße & news',
  text: 'plain body',
  html: '<p>html body <img src="cid:logo"></p>',
  ampHtml: '<!doctype html><html ⚡4email><body>amp</body></html>',
  attachments: [
    { name: 'logo.png', type: 'image/png', data: png.toString('base64') },
    { name: 'report.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4').toString('base64') },
  ],
  headers: { 'X-Campaign': 'spring' },
  messageId: '<123.456@lettr.test>',
  date: new Date('2026-01-02T03:04:05Z'),
  listUnsubscribe: null,
  ...over,
});

describe('composeMessage', () => {
  it('builds text, AMP and HTML alternatives with inline and attached parts', async () => {
    const raw = await composeMessage(draft());
    const text = raw.toString();
    // Spec §2.7 order: text, amp, html.
    const order = ['text/plain', 'text/x-amp-html', 'text/html'].map((t) => text.indexOf(`Content-Type: ${t}`));
    assert.ok(order.every((i) => i > 0) && order[0]! < order[1]! && order[1]! < order[2]!, `order ${order}`);
    assert.match(text, /multipart\/related/);
    assert.doesNotMatch(text, /^Bcc:/im);

    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, 'Grüße & news');
    assert.equal(parsed.from?.value[0]?.name, 'Sender Ünïcode');
    assert.equal(parsed.messageId, '<123.456@lettr.test>');
    assert.equal(parsed.text?.trim(), 'plain body');
    assert.equal(parsed.headers.get('x-campaign'), 'spring');
    const logo = parsed.attachments.find((a) => a.filename === 'logo.png');
    const pdf = parsed.attachments.find((a) => a.filename === 'report.pdf');
    assert.equal(logo?.contentId, '<logo>');
    assert.equal(logo?.contentDisposition, 'inline');
    assert.deepEqual(logo?.content, png);
    assert.equal(pdf?.contentDisposition, 'attachment');
    assert.equal(pdf?.content.toString(), '%PDF-1.4');
    assert.equal(parsed.headers.get('list'), undefined);
  });

  it('adds List-Unsubscribe and one-click List-Unsubscribe-Post for non-transactional mail', async () => {
    const raw = await composeMessage(draft({
      listUnsubscribe: { url: 'https://lettr.test/unsubscribe/tok', mailto: 'mailto:unsubscribe+tok@bounce.lettr.test' },
    }));
    const parsed = await simpleParser(raw);
    assert.deepEqual(parsed.headers.get('list'), {
      unsubscribe: { url: 'https://lettr.test/unsubscribe/tok', mail: 'unsubscribe+tok@bounce.lettr.test' },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    assert.match(raw.toString(), /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  });

  it('never lets a line break in a value start a new header', async () => {
    const raw = await composeMessage(draft({ subject: 'hi\r\nBcc: victim@example.test', headers: { 'X-A': 'v\r\nX-Injected: 1' } }));
    const head = raw.toString().split('\r\n\r\n')[0] ?? '';
    assert.doesNotMatch(head, /^Bcc:/im);
    assert.doesNotMatch(head, /^X-Injected:/im);
  });

  it('text-only mail is a single part', async () => {
    const raw = await composeMessage(draft({ html: null, ampHtml: null, attachments: [] }));
    assert.match(raw.toString(), /^Content-Type: text\/plain/m);
    assert.doesNotMatch(raw.toString(), /multipart/);
  });
});

describe('inlineCid', () => {
  it('matches the full name or the name without extension', () => {
    assert.equal(inlineCid('logo.png', '<img src="cid:logo.png">'), 'logo.png');
    assert.equal(inlineCid('logo.png', '<img src="cid:logo">'), 'logo');
    assert.equal(inlineCid('logo.png', '<img src="logo.png">'), null);
    assert.equal(inlineCid('logo.png', null), null);
  });
});
