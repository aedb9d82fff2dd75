import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spf as mailauthSpf } from 'mailauth';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { createDnsLookup, type DnsLookup } from './resolver.js';
import { checkSpf } from './spf-check.js';
import { checkHost } from './spf-eval.js';

let dns: DnsTestServer;
let lookup: DnsLookup;
before(async () => {
  dns = await startDnsServer();
  lookup = createDnsLookup({ servers: [dns.address], timeoutMs: 150, tries: 1 });
});
after(async () => { await dns.close(); });
beforeEach(() => {
  dns.reset();
  dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
});

const viaInclude = { bounceDomain: null, spfInclude: '_spf.lettr.test', sendingIps: [] };
const viaIps = { bounceDomain: null, spfInclude: null, sendingIps: ['192.0.2.10', '2001:db8::10'] };

test('valid when the record includes us, directly or through the user\'s own include', async () => {
  dns.set('example.com', 'TXT', 'google-site-verification=x', 'v=spf1 include:_spf.lettr.test ~all');
  const direct = await checkSpf('example.com', viaInclude, lookup);
  assert.deepEqual(direct, { status: 'valid', conclusive: true, record: 'v=spf1 include:_spf.lettr.test ~all', error: null, includesUs: true, lookups: 1 });
  dns.set('example.com', 'TXT', 'v=spf1 mx include:_spf.example.com -all');
  dns.set('_spf.example.com', 'TXT', 'v=spf1 include:_spf.lettr.test ?all');
  const nested = await checkSpf('example.com', viaInclude, lookup);
  assert.equal(nested.status, 'valid');
  assert.equal(nested.lookups, 3);
});

test('missing when no v=spf1 record exists', async () => {
  dns.set('example.com', 'TXT', 'v=DMARC1; p=none');
  const result = await checkSpf('example.com', viaInclude, lookup);
  assert.equal(result.status, 'missing');
  assert.equal(result.error, 'No SPF record found for example.com.');
  assert.equal(result.includesUs, false);
});

test('invalid without our include, and an include after "all" does not count', async () => {
  dns.set('_spf.other.test', 'TXT', 'v=spf1 ip4:198.51.100.0/24 -all');
  for (const record of ['v=spf1 include:_spf.other.test ~all', 'v=spf1 -all include:_spf.lettr.test', 'v=spf1 -include:_spf.lettr.test ~all']) {
    dns.set('example.com', 'TXT', record);
    const result = await checkSpf('example.com', viaInclude, lookup);
    assert.equal(result.status, 'invalid', record);
    assert.equal(result.includesUs, false, record);
    assert.equal(result.error, 'SPF record does not authorise this server; add include:_spf.lettr.test.');
  }
});

test('more than 10 DNS lookups across the include tree is flagged', async () => {
  for (let i = 1; i <= 5; i++) dns.set(`i${i}.example.com`, 'TXT', `v=spf1 a mx include:leaf${i}.example.com -all`);
  for (let i = 1; i <= 5; i++) dns.set(`leaf${i}.example.com`, 'TXT', 'v=spf1 ip4:203.0.113.1 -all');
  dns.set('example.com', 'TXT', 'v=spf1 include:_spf.lettr.test include:i1.example.com include:i2.example.com include:i3.example.com ~all');
  const ten = await checkSpf('example.com', viaInclude, lookup); // 1 + 3 × (1 + 3) = 13
  assert.equal(ten.status, 'invalid');
  assert.equal(ten.lookups, 13);
  assert.equal(ten.includesUs, true);
  assert.equal(ten.error, 'SPF record needs 13 DNS lookups; at most 10 are allowed (RFC 7208 §4.6.4).');
  dns.set('example.com', 'TXT', 'v=spf1 include:_spf.lettr.test include:i1.example.com include:i2.example.com ~all');
  const nine = await checkSpf('example.com', viaInclude, lookup);
  assert.deepEqual([nine.status, nine.lookups], ['valid', 9]);
});

test('syntax errors, two SPF records and an include without a record are invalid', async () => {
  const cases: Array<[string[], string]> = [
    [['v=spf1 include:_spf.lettr.test ip4:999.1.1.1 ~all'], 'SPF syntax error: "ip4:999.1.1.1" is not an IPv4 address.'],
    [['v=spf1 include:_spf.lettr.test ~all', 'v=spf1 -all'], 'example.com publishes 2 SPF records; only one is allowed (RFC 7208 §4.5).'],
    [['v=spf1 include:_spf.lettr.test include:gone.example.com ~all'], 'include:gone.example.com has no SPF record.'],
  ];
  for (const [records, error] of cases) {
    dns.set('example.com', 'TXT', ...records);
    const result = await checkSpf('example.com', viaInclude, lookup);
    assert.deepEqual([result.status, result.error], ['invalid', error]);
  }
});

test('with sending addresses instead of an include, check_host must pass for every address', async () => {
  dns.set('example.com', 'TXT', 'v=spf1 ip4:192.0.2.0/24 a:out.example.com -all');
  dns.set('out.example.com', 'AAAA', '2001:db8::10');
  assert.equal((await checkSpf('example.com', viaIps, lookup)).status, 'valid');
  dns.set('out.example.com', 'AAAA', '2001:db8::11');
  const partial = await checkSpf('example.com', viaIps, lookup);
  assert.equal(partial.status, 'invalid');
  assert.equal(partial.error, 'SPF record does not authorise this server; add ip4:192.0.2.10 ip6:2001:db8::10.');
});

test('check_host agrees with mailauth\'s SPF evaluator', async () => {
  dns.set('example.com', 'TXT', 'v=spf1 -ip4:192.0.2.99 mx/30 include:_spf.lettr.test redirect=_spf.other.test');
  dns.set('example.com', 'MX', '10 mx.example.com');
  dns.set('mx.example.com', 'A', '198.51.100.4');
  dns.set('_spf.other.test', 'TXT', 'v=spf1 ip4:203.0.113.0/24 ~all');
  const resolver = dns.resolver();
  const mailauthResolver = (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][]>;
  for (const ip of ['192.0.2.99', '192.0.2.5', '198.51.100.6', '198.51.100.9', '203.0.113.7', '10.0.0.1']) {
    const theirs = await mailauthSpf({ ip, sender: 'x@example.com', helo: 'mx.test', mta: 'mx.test', resolver: mailauthResolver });
    assert.equal(await checkHost(ip, 'example.com', lookup), theirs.status.result, ip);
  }
});

test('a subdomain CNAMEd to the bounce domain inherits its SPF', async () => {
  dns.set('mail.example.com', 'CNAME', 'bounce.lettr.test');
  dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
  assert.equal((await checkSpf('mail.example.com', viaInclude, lookup)).status, 'valid');
});

test('a DNS timeout is inconclusive, at the top or inside an include', async () => {
  dns.set('example.com', 'TXT', 'v=spf1 include:_spf.slow.test include:_spf.lettr.test ~all');
  dns.behave('silent', '_spf.slow.test');
  const inner = await checkSpf('example.com', viaInclude, lookup);
  assert.deepEqual([inner.status, inner.conclusive, inner.error], ['unverified', false, 'DNS SPF query error: dns lookup timed out for _spf.slow.test']);
  dns.behave('servfail', 'example.com');
  const top = await checkSpf('example.com', viaInclude, lookup);
  assert.deepEqual([top.status, top.conclusive, top.error], ['unverified', false, 'DNS SPF query error: dns server failure (SERVFAIL) for example.com']);
});

test('a server with no SPF identity configured cannot verify SPF', async () => {
  dns.set('example.com', 'TXT', 'v=spf1 -all');
  const result = await checkSpf('example.com', { bounceDomain: null, spfInclude: null, sendingIps: [] }, lookup);
  assert.equal(result.status, 'unverified');
  assert.match(result.error ?? '', /no LETTR_SPF_INCLUDE or LETTR_SENDING_IPS/);
});
