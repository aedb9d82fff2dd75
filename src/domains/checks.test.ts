import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { checkBounceCname, checkDkim, checkDmarc, type HeldKey } from './checks.js';
import { dkimRecordValue, generateDkimKey } from './dkim-keys.js';
import { createDnsLookup, type DnsLookup } from './resolver.js';

let dns: DnsTestServer;
let lookup: DnsLookup;
let rsa: HeldKey;
let ed: HeldKey;
let other: string;
before(async () => {
  dns = await startDnsServer();
  lookup = createDnsLookup({ servers: [dns.address], timeoutMs: 150, tries: 1 });
  rsa = { selector: 'lettr2611', algorithm: 'rsa-sha256', publicKey: (await generateDkimKey('rsa-sha256')).publicKey };
  ed = { selector: 'lettr2611e', algorithm: 'ed25519-sha256', publicKey: (await generateDkimKey('ed25519-sha256')).publicKey };
  other = (await generateDkimKey('rsa-sha256')).publicKey;
});
after(async () => { await dns.close(); });
beforeEach(() => dns.reset());

const publish = (key: HeldKey, value = dkimRecordValue(key.algorithm, key.publicKey)) =>
  dns.set(`${key.selector}._domainkey.mail.example.com`, 'TXT', value);

test('DKIM is valid when every key we hold is published as we generated it', async () => {
  publish(rsa);
  publish(ed);
  const result = await checkDkim('mail.example.com', [rsa, ed], lookup);
  assert.deepEqual(result, { status: 'valid', conclusive: true, record: dkimRecordValue('rsa-sha256', rsa.publicKey), error: null });
  // Folded whitespace inside p= and missing optional tags are still the same key.
  publish(rsa, `p=${rsa.publicKey.slice(0, 100)} ${rsa.publicKey.slice(100)}`);
  assert.equal((await checkDkim('mail.example.com', [rsa], lookup)).status, 'valid');
});

test('DKIM missing, wrong key, revoked, wrong type, or the Ed25519 record missing are invalid', async () => {
  const missing = await checkDkim('mail.example.com', [rsa], lookup);
  assert.deepEqual(missing, { status: 'invalid', conclusive: true, record: null,
    error: 'DNS DKIM query error: dns lookup failed for lettr2611._domainkey.mail.example.com: no TXT records found' });
  const cases: Array<[string, string]> = [
    [dkimRecordValue('rsa-sha256', other), "the public key does not match this domain's key"],
    ['v=DKIM1; k=rsa; p=', 'the key is revoked (empty p=)'],
    [`v=DKIM1; k=ed25519; p=${rsa.publicKey}`, "k=ed25519 but this domain's key is rsa"],
    [`v=DKIM1; h=sha1; p=${rsa.publicKey}`, 'h= does not allow sha256'],
  ];
  for (const [record, error] of cases) {
    publish(rsa, record);
    const result = await checkDkim('mail.example.com', [rsa], lookup);
    assert.deepEqual([result.status, result.record, result.error], ['invalid', record, `DKIM record at lettr2611._domainkey.mail.example.com: ${error}.`]);
  }
  publish(rsa);
  const edMissing = await checkDkim('mail.example.com', [rsa, ed], lookup);
  assert.equal(edMissing.status, 'invalid');
  assert.match(edMissing.error ?? '', /lettr2611e\._domainkey/);
});

test('DKIM lookup timeout is inconclusive with a clear error', async () => {
  dns.behave('silent', 'lettr2611._domainkey.mail.example.com');
  const result = await checkDkim('mail.example.com', [rsa], lookup);
  assert.deepEqual(result, { status: 'unverified', conclusive: false, record: null,
    error: 'DNS DKIM query error: dns lookup timed out for lettr2611._domainkey.mail.example.com' });
});

test('bounce CNAME: valid, missing, elsewhere, timed out, not applicable', async () => {
  assert.deepEqual(await checkBounceCname('mail.example.com', null, lookup), { status: 'not_applicable', conclusive: true, record: null, error: null });
  assert.deepEqual(await checkBounceCname('mail.example.com', 'bounce.lettr.test', lookup),
    { status: 'invalid', conclusive: true, record: null, error: 'DNS CNAME query error: No CNAME records retrieved' });
  dns.set('mail.example.com', 'CNAME', 'Bounce.Lettr.test.');
  assert.deepEqual(await checkBounceCname('mail.example.com', 'bounce.lettr.test', lookup), { status: 'valid', conclusive: true, record: 'bounce.lettr.test', error: null });
  dns.set('mail.example.com', 'CNAME', 'sparkpostmail.com');
  const elsewhere = await checkBounceCname('mail.example.com', 'bounce.lettr.test', lookup);
  assert.deepEqual([elsewhere.status, elsewhere.error], ['invalid', 'CNAME for mail.example.com points to sparkpostmail.com; it must point to bounce.lettr.test.']);
  dns.behave('servfail', 'mail.example.com');
  const failed = await checkBounceCname('mail.example.com', 'bounce.lettr.test', lookup);
  assert.deepEqual([failed.status, failed.conclusive], ['unverified', false]);
});

test('DMARC at the domain itself', async () => {
  dns.set('_dmarc.mail.example.com', 'TXT', 'v=DMARC1; p=reject; sp=quarantine');
  assert.deepEqual(await checkDmarc('mail.example.com', lookup), {
    status: 'valid', conclusive: true, record: 'v=DMARC1; p=reject; sp=quarantine', error: null,
    foundAtDomain: 'mail.example.com', policy: 'reject', subdomainPolicy: 'quarantine', coveredByParentPolicy: false,
  });
});

test('DMARC only on the organisational parent covers the subdomain', async () => {
  dns.set('_dmarc.example.com', 'TXT', 'v=spf1 -all', 'v=DMARC1; p=quarantine; sp=none; rua=mailto:d@example.com');
  assert.deepEqual(await checkDmarc('news.mail.example.com', lookup), {
    status: 'valid', conclusive: true, record: 'v=DMARC1; p=quarantine; sp=none; rua=mailto:d@example.com', error: null,
    foundAtDomain: 'example.com', policy: 'quarantine', subdomainPolicy: 'none', coveredByParentPolicy: true,
  });
});

test('DMARC syntax error is invalid; none anywhere is missing with the contract text', async () => {
  dns.set('_dmarc.example.com', 'TXT', 'v=DMARC1; p=block');
  const bad = await checkDmarc('mail.example.com', lookup);
  assert.deepEqual([bad.status, bad.foundAtDomain, bad.policy, bad.error],
    ['invalid', 'example.com', null, 'DMARC record at _dmarc.example.com is invalid: p= must be none, quarantine or reject.']);
  dns.reset();
  const missing = await checkDmarc('mail.example.com', lookup);
  assert.deepEqual([missing.status, missing.record, missing.error], ['missing', null, 'No DMARC record found for mail.example.com or its parent domain.']);
  assert.deepEqual(dns.queries.map((q) => q.name), ['_dmarc.mail.example.com', '_dmarc.example.com']);
  dns.set('_dmarc.example.com', 'TXT', 'v=DMARC1; p=none', 'v=DMARC1; p=reject');
  assert.equal((await checkDmarc('example.com', lookup)).status, 'invalid');
});

test('DMARC timeout is inconclusive', async () => {
  dns.behave('silent', '_dmarc.mail.example.com');
  const result = await checkDmarc('mail.example.com', lookup);
  assert.deepEqual([result.status, result.conclusive, result.error],
    ['unverified', false, 'DNS DMARC query error: dns lookup timed out for _dmarc.mail.example.com']);
});
