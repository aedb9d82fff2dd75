import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

type SendError = Error & { responseCode?: number; code?: string };

function client(sink: SmtpSink, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({
    host: sink.host, port: sink.port, secure: false, ignoreTLS: true,
    connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 300, ...extra,
  });
}

const mail = (to: string) => ({
  envelope: { from: 'bounces+tok@bounce.test', to: [to] },
  raw: `From: a@sender.test\r\nTo: ${to}\r\nSubject: hi\r\n\r\nbody\r\n`,
});

async function sendError(sink: SmtpSink, to: string, extra: Record<string, unknown> = {}): Promise<SendError> {
  const t = client(sink, extra);
  try {
    await t.sendMail(mail(to));
  } catch (err) {
    return err as SendError;
  } finally {
    t.close();
  }
  assert.fail('expected the send to fail');
}

describe('smtp-sink', () => {
  let sink: SmtpSink;
  before(async () => { sink = await startSmtpSink(); });
  after(async () => { await sink.close(); });

  it('records envelope and raw message on 250', async () => {
    sink.reset();
    const info = await client(sink).sendMail(mail('rcpt@example.test'));
    assert.match(info.response, /^250 /);
    const [msg] = await sink.waitForMessages(1);
    assert.equal(msg?.mailFrom, 'bounces+tok@bounce.test');
    assert.deepEqual(msg?.rcptTo, ['rcpt@example.test']);
    assert.match(msg?.raw.toString() ?? '', /Subject: hi/);
    assert.equal(msg?.secure, false);
  });

  for (const [phase, code] of [['rcpt', 550], ['rcpt', 451], ['data', 421], ['mail', 451], ['data', 550]] as const) {
    it(`answers ${code} at ${phase} and records nothing`, async () => {
      sink.reset();
      const before = sink.messages.length;
      sink.script({ phase, action: { reply: code }, times: 1 });
      const err = await sendError(sink, 'x@example.test');
      assert.equal(err.responseCode, code);
      assert.equal(sink.messages.length, before);
      // The rule is spent: the next message goes through.
      await client(sink).sendMail(mail('x@example.test'));
      assert.equal(sink.messages.length, before + 1);
    });
  }

  it('applies a rule to one recipient only', async () => {
    sink.reset();
    sink.script({ phase: 'rcpt', rcpt: 'bad@example.test', action: { reply: 550, text: '5.1.1 No such user' } });
    const err = await sendError(sink, 'bad@example.test');
    assert.equal(err.responseCode, 550);
    assert.match(String((err as { response?: string }).response), /No such user/);
    await client(sink).sendMail(mail('good@example.test'));
  });

  it('drops the connection mid-DATA', async () => {
    sink.reset();
    const before = sink.messages.length;
    sink.script({ phase: 'data', action: { drop: true }, times: 1 });
    const err = await sendError(sink, 'x@example.test');
    assert.equal(err.responseCode, undefined);
    assert.equal(sink.messages.length, before);
  });

  it('stalls until the client times out', async () => {
    sink.reset();
    sink.script({ phase: 'rcpt', action: { stall: true }, times: 1 });
    const err = await sendError(sink, 'x@example.test');
    assert.equal(err.code, 'ETIMEDOUT');
  });

  it('accepts after a scripted pause', async () => {
    sink.reset();
    const before = sink.messages.length;
    sink.script({ phase: 'data', action: { delayMs: 50 }, times: 1 });
    const info = await client(sink).sendMail(mail('slow@example.test'));
    assert.match(info.response, /^250 /);
    assert.equal(sink.messages.length, before + 1);
  });

  it('refuses at connect with 421', async () => {
    sink.reset();
    sink.script({ phase: 'connect', action: { reply: 421 }, times: 1 });
    const err = await sendError(sink, 'x@example.test');
    assert.equal(err.responseCode, 421);
  });

  it('offers STARTTLS and requires AUTH when asked', async () => {
    const tlsSink = await startSmtpSink({ starttls: true, auth: { user: 'u', pass: 'p' } });
    try {
      const opts = { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } };
      const denied = await sendError(tlsSink, 'x@example.test', { ...opts, auth: { user: 'u', pass: 'wrong' } });
      assert.equal(denied.responseCode, 535);
      await client(tlsSink, { ...opts, auth: { user: 'u', pass: 'p' } }).sendMail(mail('x@example.test'));
      const [msg] = await tlsSink.waitForMessages(1);
      assert.equal(msg?.secure, true);
      assert.equal(msg?.user, 'u');
    } finally {
      await tlsSink.close();
    }
  });

  it('counts connections', async () => {
    sink.reset();
    const start = sink.stats.connections;
    await client(sink).sendMail(mail('x@example.test'));
    assert.equal(sink.stats.connections, start + 1);
  });
});
