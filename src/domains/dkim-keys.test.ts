import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { dkimSign, dkimVerify } from 'mailauth';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { dkimRecordName, dkimRecordValue, ed25519SelectorFor, generateDkimKey, nextSelector, publicKeyValue } from './dkim-keys.js';

let dns: DnsTestServer;
before(async () => { dns = await startDnsServer(); });
after(async () => { await dns.close(); });

test('RSA keys are 2048-bit, p= is the SPKI DER of the private key', async () => {
  const key = await generateDkimKey('rsa-sha256');
  const privateKey = createPrivateKey(key.privateKeyPem);
  assert.equal(privateKey.asymmetricKeyType, 'rsa');
  assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  const spki = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
  const signature = sign('sha256', Buffer.from('hello'), privateKey);
  assert.ok(verify('sha256', Buffer.from('hello'), spki, signature));
  assert.equal(publicKeyValue(privateKey, 'rsa-sha256'), key.publicKey);
  assert.match(dkimRecordValue('rsa-sha256', key.publicKey), /^v=DKIM1; k=rsa; h=sha256; p=MIIBIjAN/);
});

test('Ed25519 p= is the raw 32-byte key (RFC 8463 §4.2)', async () => {
  const key = await generateDkimKey('ed25519-sha256');
  assert.equal(Buffer.from(key.publicKey, 'base64').length, 32);
  assert.equal(createPrivateKey(key.privateKeyPem).asymmetricKeyType, 'ed25519');
  assert.equal(dkimRecordValue('ed25519-sha256', key.publicKey), `v=DKIM1; k=ed25519; p=${key.publicKey}`);
  assert.notEqual((await generateDkimKey('ed25519-sha256')).publicKey, key.publicKey);
});

test('selectors carry the month and never repeat on rotation', () => {
  const nov = new Date('2026-11-28T12:00:00Z');
  assert.equal(nextSelector([], nov), 'lettr2611');
  assert.equal(nextSelector(['lettr2611'], nov), 'lettr2611-2');
  assert.equal(nextSelector(['lettr2611', 'lettr2611-2', 'lettr2611e'], nov), 'lettr2611-3');
  assert.equal(nextSelector(['lettr2611'], new Date('2027-01-02T00:00:00Z')), 'lettr2701');
  assert.equal(ed25519SelectorFor('lettr2611-2'), 'lettr2611-2e');
  assert.equal(dkimRecordName('lettr2611', 'mail.example.com'), 'lettr2611._domainkey.mail.example.com');
});

const message = [
  'From: Sender <news@mail.example.com>',
  'To: someone@example.org',
  'Subject: Signed by Lettr',
  'Date: Sat, 28 Nov 2026 12:00:00 +0000',
  'Message-ID: <1@mail.example.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello from a generated key.',
  '',
].join('\r\n');

async function signAndVerify(keys: Array<{ selector: string; algorithm: 'rsa-sha256' | 'ed25519-sha256'; privateKeyPem: string }>) {
  // signTime: without it mailauth computes t= twice (for the signed bytes and for the header) and, about once in
  // 400 RSA signatures, a second boundary falls between the two and the signature is wrong. The delivery signer passes it.
  const signed = await dkimSign(message, {
    signTime: new Date(),
    signingDomain: 'mail.example.com', selector: keys[0]!.selector, privateKey: keys[0]!.privateKeyPem,
    signatureData: keys.map((k) => ({ signingDomain: 'mail.example.com', selector: k.selector, privateKey: k.privateKeyPem, algorithm: k.algorithm })),
  });
  assert.deepEqual(signed.errors, []);
  const resolver = dns.resolver();
  const result = await dkimVerify(signed.signatures + message, {
    resolver: (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][]>,
  });
  return result.results.map((r) => ({ selector: r.selector, result: r.status.result, algorithm: (r as { algo?: string }).algo }));
}

test('mail signed with generated RSA and Ed25519 keys verifies with mailauth resolving keys from DNS', async () => {
  const rsa = { ...(await generateDkimKey('rsa-sha256')), selector: 'lettr2611' };
  const ed = { ...(await generateDkimKey('ed25519-sha256')), selector: 'lettr2611e' };
  for (const key of [rsa, ed]) dns.set(dkimRecordName(key.selector, 'mail.example.com'), 'TXT', dkimRecordValue(key.algorithm, key.publicKey));
  const results = await signAndVerify([rsa, ed]);
  assert.deepEqual(results, [
    { selector: 'lettr2611', result: 'pass', algorithm: 'rsa-sha256' },
    { selector: 'lettr2611e', result: 'pass', algorithm: 'ed25519-sha256' },
  ]);
  assert.ok(dns.queries.some((q) => q.name === 'lettr2611e._domainkey.mail.example.com' && q.type === 'TXT'));
});

test('a signature fails when DNS publishes a different key', async () => {
  const signing = { ...(await generateDkimKey('rsa-sha256')), selector: 'lettr2612' };
  const other = await generateDkimKey('rsa-sha256');
  dns.set(dkimRecordName('lettr2612', 'mail.example.com'), 'TXT', dkimRecordValue('rsa-sha256', other.publicKey));
  const [result] = await signAndVerify([signing]);
  assert.equal(result?.result, 'fail');
});
