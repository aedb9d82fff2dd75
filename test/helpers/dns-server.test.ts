import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from './dns-server.js';

let dns: DnsTestServer;
before(async () => { dns = await startDnsServer(); });
after(async () => { await dns.close(); });
beforeEach(() => dns.reset());

const code = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(() => undefined, (error: NodeJS.ErrnoException) => error.code);

test('answers A, AAAA, MX, NS and TXT over UDP on a loopback port', async () => {
  assert.match(dns.address, /^127\.0\.0\.1:\d+$/);
  dns.set('example.test', 'A', '192.0.2.10', '192.0.2.11');
  dns.set('example.test', 'AAAA', '2001:db8::1');
  dns.set('example.test', 'MX', '10 mx1.example.test', { priority: 20, exchange: 'mx2.example.test' });
  dns.set('example.test', 'NS', 'ns1.example.test');
  dns.set('example.test', 'TXT', 'v=spf1 -all', ['first ', 'second']);
  const resolver = dns.resolver();
  assert.deepEqual((await resolver.resolve4('example.test')).sort(), ['192.0.2.10', '192.0.2.11']);
  assert.deepEqual(await resolver.resolve6('EXAMPLE.test.'), ['2001:db8::1']);
  assert.deepEqual(
    (await resolver.resolveMx('example.test')).sort((a, b) => a.priority - b.priority),
    [{ priority: 10, exchange: 'mx1.example.test' }, { priority: 20, exchange: 'mx2.example.test' }],
  );
  assert.deepEqual(await resolver.resolveNs('example.test'), ['ns1.example.test']);
  const txt = (await resolver.resolveTxt('example.test')).map((chunks) => chunks.join('')).sort();
  assert.deepEqual(txt, ['first second', 'v=spf1 -all']);
  assert.ok(dns.queries.every((q) => q.transport === 'udp'));
  assert.deepEqual(dns.queries.map((q) => q.type), ['A', 'AAAA', 'MX', 'NS', 'TXT']);
});

test('splits long TXT values into 255-byte strings that join back to the value', async () => {
  const long = `v=DKIM1; k=rsa; p=${'A'.repeat(600)}`;
  dns.set('sel._domainkey.example.test', 'TXT', long);
  const [record] = await dns.resolver().resolveTxt('sel._domainkey.example.test');
  assert.ok(record && record.length === 3 && record.every((part) => part.length <= 255));
  assert.equal(record.join(''), long);
});

test('unknown name is NXDOMAIN, known name without the type is NODATA, empty non-terminal is NODATA', async () => {
  dns.set('sel._domainkey.example.test', 'TXT', 'v=DKIM1; p=');
  const resolver = dns.resolver();
  assert.equal(await code(resolver.resolveTxt('nothing.example.test')), 'ENOTFOUND');
  assert.equal(await code(resolver.resolve4('sel._domainkey.example.test')), 'ENODATA');
  assert.equal(await code(resolver.resolveTxt('_domainkey.example.test')), 'ENODATA');
});

test('follows a CNAME within the store, and answers CNAME questions directly', async () => {
  dns.set('mail.example.test', 'CNAME', 'bounce.lettr.test');
  dns.set('bounce.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.1 ~all');
  const resolver = dns.resolver();
  assert.deepEqual(await resolver.resolveCname('mail.example.test'), ['bounce.lettr.test']);
  assert.deepEqual(await resolver.resolveTxt('mail.example.test'), [['v=spf1 ip4:192.0.2.1 ~all']]);
});

test('set replaces, add appends, remove deletes, set without values deletes the type', async () => {
  const resolver = dns.resolver();
  dns.set('x.test', 'A', '192.0.2.1');
  dns.add('x.test', 'A', '192.0.2.2');
  assert.deepEqual((await resolver.resolve4('x.test')).sort(), ['192.0.2.1', '192.0.2.2']);
  dns.set('x.test', 'A', '192.0.2.3');
  assert.deepEqual(await resolver.resolve4('x.test'), ['192.0.2.3']);
  dns.set('x.test', 'TXT', 'hello');
  dns.set('x.test', 'A');
  assert.equal(await code(resolver.resolve4('x.test')), 'ENODATA');
  dns.remove('x.test');
  assert.equal(await code(resolver.resolveTxt('x.test')), 'ENOTFOUND');
  assert.throws(() => dns.set('x.test', 'MX', 'mx.example.test'), /priority/);
});

test('answers over TCP when UDP answers are truncated', async () => {
  dns.set('big.example.test', 'TXT', 'x'.repeat(3000));
  dns.truncateUdp(true);
  const [record] = await dns.resolver().resolveTxt('big.example.test');
  assert.equal(record?.join('').length, 3000);
  assert.deepEqual(dns.queries.map((q) => q.transport), ['udp', 'tcp']);
});

test('silent names time out and servfail names fail, per name or for everything', async () => {
  dns.set('ok.test', 'A', '192.0.2.1');
  dns.set('slow.test', 'A', '192.0.2.2');
  dns.set('broken.test', 'A', '192.0.2.3');
  dns.behave('silent', 'slow.test');
  dns.behave('servfail', 'broken.test');
  const resolver = dns.resolver(200);
  assert.deepEqual(await resolver.resolve4('ok.test'), ['192.0.2.1']);
  assert.equal(await code(resolver.resolve4('slow.test')), 'ETIMEOUT');
  assert.equal(await code(resolver.resolve4('broken.test')), 'ESERVFAIL');
  dns.behave('answer', 'broken.test');
  assert.deepEqual(await resolver.resolve4('broken.test'), ['192.0.2.3']);
  dns.behave('servfail');
  assert.equal(await code(resolver.resolve4('ok.test')), 'ESERVFAIL');
});
