import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { localTransport } from './local.js';
import { parseRelayUrl, relayTransport } from './relay.js';
import type { SmtpClientSettings, Transport } from './transport.js';

const settings: SmtpClientSettings = {
  ehloName: 'lettr.test', connectMs: 2_000, socketMs: 500,
  maxConnectionsPerDestination: 2, maxMessagesPerConnection: 100, idleMs: 5_000,
};
const envelope = (to = 'rcpt@example.test') => ({ from: 'bounces+0123456789abcdef01234567@bounce.lettr.test', to });
const message = (n = 1) => Buffer.from(`From: a@sender.test\r\nTo: rcpt@example.test\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('local transport against a real SMTP sink', () => {
  let sink: SmtpSink;
  let transport: Transport;
  const auth = { user: 'lettr-delivery', pass: 'derived-credential' };
  before(async () => { sink = await startSmtpSink({ auth }); transport = localTransport(settings, () => sink.port, auth); });
  after(async () => { transport.close(); await sink.close(); });
  beforeEach(() => sink.reset());

  it('delivers and reuses one connection for consecutive messages', async () => {
    const start = sink.stats.connections;
    for (let i = 0; i < 5; i++) {
      const outcome = await transport.send(envelope(), message(i));
      assert.equal(outcome.kind, 'delivered');
      if (outcome.kind === 'delivered') assert.match(outcome.reply, /^250 /);
    }
    assert.equal(sink.stats.connections - start, 1);
    assert.equal(sink.messages.at(-1)?.mailFrom, envelope().from);
  });

  it('keeps to the per-destination connection cap under parallel load', async () => {
    const before = sink.messages.length;
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => transport.send(envelope(), message(i))));
    assert.ok(outcomes.every((o) => o.kind === 'delivered'));
    assert.equal(sink.messages.length - before, 12);
    assert.ok(sink.stats.maxConcurrent <= 2, `max concurrent ${sink.stats.maxConcurrent}`);
  });

  it('550 at RCPT bounces as an invalid recipient', async () => {
    sink.script({ phase: 'rcpt', action: { reply: 550, text: '5.1.1 <rcpt@example.test>: User unknown' }, times: 1 });
    const outcome = await transport.send(envelope(), message());
    assert.deepEqual(outcome, { kind: 'bounced', rawReason: '550 5.1.1 <rcpt@example.test>: User unknown', errorCode: '550', bounceClass: 10 });
  });

  it('451 and 421 defer with the reply', async () => {
    sink.script({ phase: 'rcpt', action: { reply: 451 }, times: 1 }, { phase: 'data', action: { reply: 421 }, times: 1 });
    const first = await transport.send(envelope(), message());
    const second = await transport.send(envelope(), message());
    assert.equal(first.kind, 'deferred');
    assert.equal(second.kind, 'deferred');
    if (first.kind === 'deferred') { assert.equal(first.errorCode, '451'); assert.match(first.rawReason, /^451 4\.3\.0/); }
    if (second.kind === 'deferred') assert.equal(second.errorCode, '421');
    assert.equal((await transport.send(envelope(), message())).kind, 'delivered');
  });

  it('a connection dropped mid-DATA defers without a reply code', async () => {
    sink.script({ phase: 'data', action: { drop: true }, times: 1 });
    const outcome = await transport.send(envelope(), message());
    assert.equal(outcome.kind, 'deferred');
    if (outcome.kind === 'deferred') { assert.equal(outcome.errorCode, null); assert.equal(outcome.bounceClass, 70); }
    assert.equal((await transport.send(envelope(), message())).kind, 'delivered');
  });

  it('a stalled server defers after the socket timeout', async () => {
    sink.script({ phase: 'data', action: { stall: true }, times: 1 });
    const outcome = await transport.send(envelope(), message());
    assert.equal(outcome.kind, 'deferred');
    if (outcome.kind === 'deferred') assert.match(outcome.rawReason, /^ETIMEDOUT/);
  });

  it('a refused connection defers', async () => {
    const port = await freePort();
    const closed = localTransport(settings, () => port, { user: 'u', pass: 'p' });
    const outcome = await closed.send(envelope(), message());
    closed.close();
    assert.equal(outcome.kind, 'deferred');
    if (outcome.kind === 'deferred') assert.match(outcome.rawReason, /ECONNECTION|ECONNREFUSED/);
  });
});

describe('relay transport', () => {
  it('parses smtp:// and smtps:// URLs', () => {
    assert.deepEqual(parseRelayUrl('smtps://user%40x:p%3Ass@relay.test'), {
      ok: true, value: { host: 'relay.test', port: 465, servername: 'relay.test', secure: true, verifyTls: true, auth: { user: 'user@x', pass: 'p:ss' } },
    });
    const plain = parseRelayUrl('smtp://relay.test:2525?verify=false');
    assert.ok(plain.ok && plain.value.port === 2525 && !plain.value.secure && !plain.value.verifyTls && plain.value.auth === null);
    assert.equal(parseRelayUrl('http://relay.test').ok, false);
    assert.equal(parseRelayUrl('not a url').ok, false);
  });

  it('authenticates over STARTTLS and delivers', async () => {
    const sink = await startSmtpSink({ starttls: true, auth: { user: 'relay-user', pass: 's3cret' } });
    const target = parseRelayUrl(`smtp://relay-user:s3cret@127.0.0.1:${sink.port}?verify=false`);
    assert.ok(target.ok);
    const transport = relayTransport(settings, target.value);
    try {
      const outcome = await transport.send(envelope(), message());
      assert.equal(outcome.kind, 'delivered');
      if (outcome.kind === 'delivered') assert.equal(outcome.tls, true);
      assert.equal(sink.messages[0]?.user, 'relay-user');
      assert.equal(sink.messages[0]?.secure, true);
    } finally {
      transport.close();
      await sink.close();
    }
  });

  it('speaks implicit TLS for smtps://', async () => {
    const sink = await startSmtpSink({ secure: true, auth: { user: 'u', pass: 'p' } });
    const target = parseRelayUrl(`smtps://u:p@127.0.0.1:${sink.port}?verify=false`);
    assert.ok(target.ok);
    const transport = relayTransport(settings, target.value);
    try {
      assert.equal((await transport.send(envelope(), message())).kind, 'delivered');
      assert.equal(sink.messages[0]?.secure, true);
    } finally {
      transport.close();
      await sink.close();
    }
  });

  it('refuses an unverifiable relay certificate unless told otherwise, and defers on bad credentials', async () => {
    const sink = await startSmtpSink({ starttls: true, auth: { user: 'u', pass: 'p' } });
    const strict = parseRelayUrl(`smtp://u:p@127.0.0.1:${sink.port}`);
    const wrong = parseRelayUrl(`smtp://u:nope@127.0.0.1:${sink.port}?verify=false`);
    assert.ok(strict.ok && wrong.ok);
    const a = relayTransport(settings, strict.value);
    const b = relayTransport(settings, wrong.value);
    try {
      const tlsFailure = await a.send(envelope(), message());
      assert.equal(tlsFailure.kind, 'deferred');
      const authFailure = await b.send(envelope(), message());
      assert.deepEqual(authFailure.kind === 'deferred' && [authFailure.errorCode, authFailure.bounceClass], ['535', 25]);
      assert.equal(sink.messages.length, 0);
    } finally {
      a.close();
      b.close();
      await sink.close();
    }
  });
});
