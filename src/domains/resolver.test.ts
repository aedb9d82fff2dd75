import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { createDnsLookup, memoised } from './resolver.js';

let dns: DnsTestServer;
before(async () => { dns = await startDnsServer(); });
after(async () => { await dns.close(); });

test('answers become data: found, NODATA, NXDOMAIN', async () => {
  dns.set('example.test', 'TXT', ['v=spf1 ', 'include:_spf.lettr.test ~all']);
  dns.set('example.test', 'MX', '10 mx.example.test');
  const lookup = createDnsLookup({ servers: [dns.address], timeoutMs: 5000, tries: 1 });
  assert.deepEqual(await lookup.txt('example.test'), { kind: 'found', records: ['v=spf1 include:_spf.lettr.test ~all'] });
  assert.deepEqual(await lookup.mx('example.test'), { kind: 'found', records: [{ priority: 10, exchange: 'mx.example.test' }] });
  assert.deepEqual(await lookup.a('example.test'), { kind: 'none', nxdomain: false });
  assert.deepEqual(await lookup.cname('missing.example.test'), { kind: 'none', nxdomain: true });
});

test('a silent server is a timeout and SERVFAIL a server failure, both with the name in the message', async () => {
  dns.behave('silent', 'slow.example.test');
  dns.behave('servfail', 'broken.example.test');
  const lookup = createDnsLookup({ servers: [dns.address], timeoutMs: 150, tries: 1 });
  assert.deepEqual(await lookup.txt('slow.example.test'),
    { kind: 'failed', failure: 'timeout', message: 'dns lookup timed out for slow.example.test' });
  assert.deepEqual(await lookup.txt('broken.example.test'),
    { kind: 'failed', failure: 'servfail', message: 'dns server failure (SERVFAIL) for broken.example.test' });
});

test('a port where no DNS server listens fails as data, never a throw', async () => {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  const lookup = createDnsLookup({ servers: [`127.0.0.1:${port}`], timeoutMs: 150, tries: 1 });
  const answer = await lookup.a('example.test');
  assert.equal(answer.kind, 'failed');
});

test('memoised lookups ask the server once per name and type', async () => {
  dns.set('once.example.test', 'A', '192.0.2.1');
  const before = dns.queries.length;
  const lookup = memoised(createDnsLookup({ servers: [dns.address], timeoutMs: 5000, tries: 1 }));
  await Promise.all([lookup.a('once.example.test'), lookup.a('ONCE.example.test'), lookup.txt('once.example.test')]);
  assert.deepEqual(dns.queries.slice(before).map((q) => q.type).sort(), ['A', 'TXT']);
});
