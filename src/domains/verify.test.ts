import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import type { HeldKey } from './checks.js';
import { generateDkimKey } from './dkim-keys.js';
import { recordsToPublish, type SenderIdentity } from './records.js';
import { createDnsLookup, type DnsLookup } from './resolver.js';
import { verifyDomainDns } from './verify.js';

let dns: DnsTestServer;
let lookup: DnsLookup;
let key: HeldKey;
const identity: SenderIdentity = { bounceDomain: 'bounce.lettr.test', spfInclude: '_spf.lettr.test', sendingIps: [] };

before(async () => {
  dns = await startDnsServer();
  lookup = createDnsLookup({ servers: [dns.address], timeoutMs: 150, tries: 1 });
  key = { selector: 'lettr2611', algorithm: 'rsa-sha256', publicKey: (await generateDkimKey('rsa-sha256')).publicKey };
});
after(async () => { await dns.close(); });
beforeEach(() => {
  dns.reset();
  // What the operator publishes once for the deployment (README): the include and the bounce domain's SPF.
  dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
  dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
});

function publishAll(domain: string): void {
  for (const record of recordsToPublish(domain, [key], identity)) dns.set(record.name, record.type, record.value);
}

const statuses = (v: Awaited<ReturnType<typeof verifyDomainDns>>) =>
  ({ dkim: v.dkim.status, cname: v.cname.status, spf: v.spf.status, dmarc: v.dmarc.status });

test('a subdomain that published exactly what we asked for verifies on every record', async () => {
  publishAll('mail.example.com');
  const result = await verifyDomainDns('Mail.Example.com', [key], identity, lookup);
  assert.equal(result.domain, 'mail.example.com');
  assert.equal(result.isPrimaryDomain, false);
  assert.deepEqual(statuses(result), { dkim: 'valid', cname: 'valid', spf: 'valid', dmarc: 'valid' });
  assert.equal(result.spf.includesUs, true);
});

test('an apex domain that published what we asked for verifies, CNAME not applicable', async () => {
  publishAll('example.com');
  const result = await verifyDomainDns('example.com', [key], identity, lookup);
  assert.equal(result.isPrimaryDomain, true);
  assert.deepEqual(statuses(result), { dkim: 'valid', cname: 'not_applicable', spf: 'valid', dmarc: 'valid' });
});

test('each missing record shows up in its own check only', async () => {
  const expectations: Array<[string, Partial<ReturnType<typeof statuses>>]> = [
    ['dkim', { dkim: 'invalid' }],
    ['return_path', { cname: 'invalid', spf: 'missing' }], // the subdomain's SPF came through the CNAME
    ['dmarc', { dmarc: 'missing' }],
  ];
  for (const [purpose, changed] of expectations) {
    dns.reset();
    dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
    dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
    for (const record of recordsToPublish('mail.example.com', [key], identity)) {
      if (record.purpose !== purpose) dns.set(record.name, record.type, record.value);
    }
    const result = await verifyDomainDns('mail.example.com', [key], identity, lookup);
    assert.deepEqual(statuses(result), { dkim: 'valid', cname: 'valid', spf: 'valid', dmarc: 'valid', ...changed }, purpose);
  }
  publishAll('example.com');
  dns.remove('example.com', 'TXT');
  const apex = await verifyDomainDns('example.com', [key], identity, lookup);
  assert.deepEqual(statuses(apex), { dkim: 'valid', cname: 'not_applicable', spf: 'missing', dmarc: 'valid' });
});

test('a resolver that never answers makes every check inconclusive, with clear errors', async () => {
  publishAll('mail.example.com');
  dns.behave('silent');
  const result = await verifyDomainDns('mail.example.com', [key], identity, lookup);
  for (const check of [result.dkim, result.cname, result.spf, result.dmarc]) {
    assert.equal(check.conclusive, false);
    assert.match(check.error ?? '', /timed out/);
  }
});
