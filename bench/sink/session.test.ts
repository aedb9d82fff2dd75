// The sink's SMTP state machine: pipelined commands, terminators split across chunks, dot-lines inside a message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerValue, SinkSession } from './session.js';

const feedAll = (s: SinkSession, parts: string[]) => {
  const messages: string[] = [];
  let replies = '';
  for (const p of parts) {
    const fed = s.feed(Buffer.from(p, 'latin1'));
    replies += fed.replies;
    messages.push(...fed.messages.map((m) => m.toString('latin1')));
  }
  return { messages, replies };
};

test('a pipelined transaction in one chunk yields one message and a reply per command', () => {
  const s = new SinkSession();
  const { messages, replies } = feedAll(s, ['EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n']);
  assert.deepEqual(messages, ['Subject: hi\r\n\r\nbody']);
  assert.equal(replies.match(/^\d{3} /gm)?.length, 6, 'EHLO, MAIL, RCPT, DATA, end of data, QUIT');
  assert.match(replies, /^221 /m);
});

test('the terminator is found however the bytes are split', () => {
  const raw = 'MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nX-Bench-Seq: 7\r\n\r\nline one\r\n..dot line\r\nend\r\n.\r\nNOOP\r\n';
  for (let size = 1; size <= 7; size++) {
    const parts: string[] = [];
    for (let i = 0; i < raw.length; i += size) parts.push(raw.slice(i, i + size));
    const { messages, replies } = feedAll(new SinkSession(), parts);
    assert.deepEqual(messages, ['X-Bench-Seq: 7\r\n\r\nline one\r\n..dot line\r\nend'], `chunks of ${size}`);
    assert.match(replies, /250 2\.0\.0 Ok\r\n$/, 'the pipelined NOOP after the message is answered');
  }
});

test('an empty message and two messages on one connection', () => {
  const { messages } = feedAll(new SinkSession(), ['DATA\r\n.\r\nDATA\r\nA: 1\r\n\r\nx\r\n.\r\n']);
  assert.deepEqual(messages, ['', 'A: 1\r\n\r\nx']);
});

test('headerValue reads the header section only, case-insensitively', () => {
  const m = Buffer.from('Subject: s\r\nx-bench-ts: 123\r\n\r\nX-Bench-Seq: 9\r\n');
  assert.equal(headerValue(m, 'X-Bench-Ts'), '123');
  assert.equal(headerValue(m, 'X-Bench-Seq'), null);
});
