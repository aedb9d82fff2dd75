import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startDnsServer, type DnsTestServer } from '../../../test/helpers/dns-server.js';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { mxTransport } from './mx.js';
import { createResolver, resolveMxRoute } from './mx-resolve.js';
import type { SmtpClientSettings, Transport } from './transport.js';

const settings: SmtpClientSettings = {
  ehloName: 'lettr.test', connectMs: 1_000, socketMs: 1_000,
  maxConnectionsPerDestination: 3, maxMessagesPerConnection: 100, idleMs: 5_000,
};
const envelope = (to: string) => ({ from: 'bounces+0123456789abcdef01234567@bounce.lettr.test', to });
const message = Buffer.from('From: a@sender.test\r\nTo: x@example.test\r\nSubject: mx\r\n\r\nbody\r\n');

describe('mx transport with a loopback DNS server', () => {
  let dns: DnsTestServer;
  let sink: SmtpSink;
  let transport: Transport;
  before(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink({ starttls: true });
    transport = mxTransport(settings, createResolver([dns.address], 500), sink.port);
  });
  after(async () => { transport.close(); await sink.close(); await dns.close(); });
  beforeEach(() => { dns.reset(); sink.reset(); });

  it('delivers to the preferred MX over opportunistic STARTTLS and reuses the connection', async () => {
    dns.set('example.test', 'MX', '10 mx1.example.test', '20 mx2.example.test');
    dns.set('mx1.example.test', 'A', '127.0.0.1');
    dns.set('mx2.example.test', 'A', '127.0.0.2');
    const start = sink.stats.connections;
    for (let i = 0; i < 3; i++) {
      const outcome = await transport.send(envelope(`u${i}@example.test`), message);
      assert.equal(outcome.kind, 'delivered');
      if (outcome.kind === 'delivered') { assert.equal(outcome.tls, true); assert.equal(outcome.remoteHost, 'mx1.example.test'); }
    }
    assert.equal(sink.stats.connections - start, 1);
    assert.equal(sink.messages.length, 3);
    assert.ok(sink.messages.every((m) => m.secure));
    transport.close();
    transport = mxTransport(settings, createResolver([dns.address], 500), sink.port);
  });

  it('falls back to the next MX when the first does not answer', async () => {
    // 127.0.0.2 has nothing listening on the sink port: refused, then the second MX (the sink) takes it.
    dns.set('example.test', 'MX', '10 dead.example.test', '20 live.example.test');
    dns.set('dead.example.test', 'A', '127.0.0.2');
    dns.set('live.example.test', 'A', '127.0.0.1');
    const outcome = await transport.send(envelope('a@example.test'), message);
    assert.equal(outcome.kind, 'delivered');
    if (outcome.kind === 'delivered') assert.equal(outcome.remoteHost, 'live.example.test');
  });

  it('uses the domain A record when there is no MX (implicit MX)', async () => {
    dns.set('nomx.test', 'A', '127.0.0.1');
    const route = await resolveMxRoute(createResolver([dns.address], 500), 'nomx.test');
    assert.deepEqual(route, { kind: 'hosts', hosts: [{ exchange: 'nomx.test', priority: 0, addresses: ['127.0.0.1'] }] });
    assert.equal((await transport.send(envelope('a@nomx.test'), message)).kind, 'delivered');
  });

  it('bounces a null MX and an unknown domain, defers on SERVFAIL and silence', async () => {
    const before = sink.messages.length;
    dns.set('nullmx.test', 'MX', '0 .');
    const nullMx = await transport.send(envelope('a@nullmx.test'), message);
    assert.deepEqual(nullMx.kind === 'bounced' && [nullMx.errorCode, nullMx.bounceClass], ['556', 10]);
    const nx = await transport.send(envelope('a@nowhere.test'), message);
    assert.deepEqual(nx.kind === 'bounced' && nx.bounceClass, 21);
    dns.set('broken.test', 'MX', '10 mx.broken.test');
    dns.behave('servfail', 'broken.test');
    const servfail = await transport.send(envelope('a@broken.test'), message);
    assert.deepEqual(servfail.kind === 'deferred' && servfail.bounceClass, 21);
    dns.set('slow.test', 'MX', '10 mx.slow.test');
    dns.behave('silent', 'slow.test');
    const silent = await transport.send(envelope('a@slow.test'), message);
    assert.equal(silent.kind, 'deferred');
    assert.equal(sink.messages.length, before);
  });

  it('5xx from the MX bounces, 4xx defers', async () => {
    dns.set('example.test', 'MX', '10 mx1.example.test');
    dns.set('mx1.example.test', 'A', '127.0.0.1');
    sink.script({ phase: 'rcpt', action: { reply: 550 }, times: 1 }, { phase: 'data', action: { reply: 451 }, times: 1 });
    assert.equal((await transport.send(envelope('a@example.test'), message)).kind, 'bounced');
    assert.equal((await transport.send(envelope('a@example.test'), message)).kind, 'deferred');
  });

  it('keeps to the per-destination connection limit under parallel load', async () => {
    dns.set('example.test', 'MX', '10 mx1.example.test');
    dns.set('mx1.example.test', 'A', '127.0.0.1');
    transport.close();
    await new Promise((r) => setTimeout(r, 50)); // let the closed pool's sockets go before measuring
    sink.reset();
    const fresh = mxTransport(settings, createResolver([dns.address], 500), sink.port);
    const outcomes = await Promise.all(Array.from({ length: 15 }, (_, i) => fresh.send(envelope(`p${i}@example.test`), message)));
    fresh.close();
    assert.ok(outcomes.every((o) => o.kind === 'delivered'));
    assert.ok(sink.stats.maxConcurrent <= 3, `max concurrent ${sink.stats.maxConcurrent}`);
    assert.ok(sink.stats.maxConcurrent >= 2, 'parallel load did use several connections');
  });
});
