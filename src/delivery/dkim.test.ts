import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { composeMessage } from './compose.js';
import { signWithDomainKey, type SigningKey } from './dkim.js';
import { dnsTxtResolver } from './dns-txt.js';

function rsaKey(selector: string): { key: SigningKey; record: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { key: { selector, algorithm: 'rsa-sha256', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }, record: `v=DKIM1; k=rsa; p=${p}` };
}

function edKey(selector: string): { key: SigningKey; record: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  // RFC 8463 §4.2: p= is the raw 32-byte key, the tail of the SPKI DER.
  const p = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  return { key: { selector, algorithm: 'ed25519-sha256', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }, record: `v=DKIM1; k=ed25519; p=${p}` };
}

describe('signWithDomainKey', () => {
  let dns: DnsTestServer;
  before(async () => { dns = await startDnsServer(); });
  after(() => dns.close());

  const message = () => composeMessage({
    from: { email: 'hello@signed.test', name: 'Signed' }, to: ['rcpt@example.test'], cc: [], subject: 'Signed mail',
    text: 'text', html: '<p>html</p>', attachments: [], headers: { 'X-Campaign': 'a' }, messageId: '<1.1@lettr.test>',
    date: new Date(), listUnsubscribe: { url: 'https://lettr.test/u/t', mailto: 'mailto:u+t@bounce.lettr.test' },
  });

  it('produces RSA and Ed25519 signatures that verify against DNS', async () => {
    const rsa = rsaKey('lettr1');
    const ed = edKey('lettr2');
    dns.set('lettr1._domainkey.signed.test', 'TXT', rsa.record);
    dns.set('lettr2._domainkey.signed.test', 'TXT', ed.record);
    const signed = await signWithDomainKey(await message(), 'signed.test', [rsa.key, ed.key]);
    assert.ok(signed.ok);
    const result = await dkimVerify(signed.message, { resolver: dnsTxtResolver([dns.address]) });
    assert.deepEqual(result.results.map((r) => [r.selector, r.status.result]), [['lettr1', 'pass'], ['lettr2', 'pass']]);
    const header = signed.message.toString().split('\r\n\r\n')[0] ?? '';
    assert.match(header, /c=relaxed\/relaxed/);
    assert.match(header.replace(/\r\n\s+/g, ' '), /h=[^;]*List-Unsubscribe-Post/i);
  });

  it('fails verification after tampering', async () => {
    const rsa = rsaKey('lettr3');
    dns.set('lettr3._domainkey.signed.test', 'TXT', rsa.record);
    const signed = await signWithDomainKey(await message(), 'signed.test', [rsa.key]);
    assert.ok(signed.ok);
    const tampered = Buffer.from(signed.message.toString().replace('Signed mail', 'Changed mail'));
    const result = await dkimVerify(tampered, { resolver: dnsTxtResolver([dns.address]) });
    assert.equal(result.results[0]?.status.result, 'fail');
  });

  it('reports a bad key as a failure, not a throw', async () => {
    const result = await signWithDomainKey(await message(), 'signed.test', [{ selector: 's', algorithm: 'rsa-sha256', privateKeyPem: 'not a key' }]);
    assert.equal(result.ok, false);
    assert.equal((await signWithDomainKey(await message(), 'signed.test', [])).ok, false);
  });

  it('stamps t= from the one sign time it is given (mailauth, left to itself, stamps it twice and can disagree)', async () => {
    const rsa = rsaKey('lettr4');
    dns.set('lettr4._domainkey.signed.test', 'TXT', rsa.record);
    const signTime = new Date(Date.now() - 1);
    const signed = await signWithDomainKey(await message(), 'signed.test', [rsa.key], signTime);
    assert.ok(signed.ok);
    assert.match(signed.message.toString().replace(/\r\n\s+/g, ' '), new RegExp(`t=${Math.floor(signTime.getTime() / 1000)};`));
    const result = await dkimVerify(signed.message, { resolver: dnsTxtResolver([dns.address]) });
    assert.equal(result.results[0]?.status.result, 'pass');
  });
});
