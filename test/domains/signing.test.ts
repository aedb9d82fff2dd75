// The keys a domain gets are the keys that sign: a message signed with loadSigningKeys() verifies with mailauth, which
// resolves the public keys from the loopback DNS server exactly where the user published them. Private keys are only
// ever stored sealed, and survive a master-key rotation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dkimSign, dkimVerify } from 'mailauth';
import { findSendingDomain, loadSigningKeys } from '../../src/domains/index.js';
import { addKeyToFile, openSecretBox, resealAll, SecretBox } from '../../src/secrets/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const message = (from: string) => [
  `From: Lettr <hello@${from}>`, 'To: reader@example.org', 'Subject: Signed with the domain key',
  'Date: Sat, 28 Nov 2026 12:00:00 +0000', `Message-ID: <signing-test@${from}>`, 'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8', '', 'The key came from the domains capability.', '',
].join('\r\n');

forEachDatabase('domain DKIM signing', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let team: number;
  let key: string;

  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '150ms', LETTR_DKIM_ED25519: 'true', LETTR_SENDING_IPS: '192.0.2.7' });
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
  });
  after(async () => {
    await h.close();
    await dns.close();
  });

  async function signAndVerify(domain: string) {
    const keys = await loadSigningKeys(h.ctx, team, domain);
    const raw = message(domain);
    // signTime: without it mailauth computes t= twice (for the signed bytes and for the header) and, about once in
    // 400 RSA signatures, a second boundary falls between the two and the signature is wrong. The delivery signer passes it.
    const signed = await dkimSign(raw, {
      signTime: new Date(),
      signingDomain: domain, selector: keys[0]!.selector, privateKey: keys[0]!.privateKeyPem,
      signatureData: keys.map((k) => ({ signingDomain: domain, selector: k.selector, privateKey: k.privateKeyPem, algorithm: k.algorithm })),
    });
    const resolver = dns.resolver();
    const verified = await dkimVerify(signed.signatures + raw, { resolver: (name, type) => resolver.resolve(name, type) as Promise<string[][]> });
    return verified.results.map((r) => ({ selector: r.selector, result: r.status.result, algo: (r as { algo?: string }).algo }));
  }

  test('with LETTR_DKIM_ED25519 a domain gets RSA and Ed25519 keys; both must be published to verify', async () => {
    const created = await h.api.post('/api/domains', key, { domain: 'example.com' });
    assert.equal(created.status, 201);
    const records = (await h.api.get('/api/domains/example.com', key)).json.data.dns.records;
    const selector = created.json.data.dkim.selector;
    assert.deepEqual(records.map((r: { name: string }) => r.name), [`${selector}._domainkey.example.com`, `${selector}e._domainkey.example.com`, 'example.com', '_dmarc.example.com']);
    assert.equal(records[2].value, 'v=spf1 ip4:192.0.2.7 ~all');
    for (const r of records.slice(0, 1).concat(records.slice(2))) dns.set(r.name, r.type, r.value);
    const half = await h.api.post('/api/domains/example.com/verify', key, {});
    assert.equal(half.json.data.dkim_status, 'invalid', 'the Ed25519 record is missing');
    assert.match(half.json.data.dns.dkim_error, new RegExp(`${selector}e\\._domainkey\\.example\\.com: no TXT records found$`));
    dns.set(records[1].name, 'TXT', records[1].value);
    const all = await h.api.post('/api/domains/example.com/verify', key, {});
    assert.deepEqual([all.json.data.dkim_status, all.json.data.spf_status, all.json.data.cname_status], ['valid', 'valid', 'not_applicable']);
    assert.deepEqual(await findSendingDomain(h.ctx.db.kysely, team, 'example.com'), { domain: 'example.com', status: 'approved', canSend: true, dkimValid: true });
  });

  test('a message signed with the generated keys verifies with mailauth through the loopback DNS server', async () => {
    const keys = await loadSigningKeys(h.ctx, team, 'Example.COM');
    assert.deepEqual(keys.map((k) => k.algorithm), ['rsa-sha256', 'ed25519-sha256']);
    assert.match(keys[0]!.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    const results = await signAndVerify('example.com');
    assert.deepEqual(results, [
      { selector: keys[0]!.selector, result: 'pass', algo: 'rsa-sha256' },
      { selector: keys[1]!.selector, result: 'pass', algo: 'ed25519-sha256' },
    ]);
    assert.ok(dns.queries.some((q) => q.name === `${keys[1]!.selector}._domainkey.example.com`));
  });

  test('private keys are stored sealed only, and still sign after a master-key rotation', async () => {
    const rows = await h.ctx.db.kysely.selectFrom('domain_dkim_keys').select(['private_key']).where('team_id', '=', team).execute();
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.match(r.private_key, /^lsv1\./);
      assert.ok(!r.private_key.includes('PRIVATE KEY'));
    }
    const { source } = openSecretBox(h.ctx.config);
    assert.equal(source.kind, 'file');
    if (source.kind !== 'file') return;
    const rotated = new SecretBox(addKeyToFile(source));
    const report = await resealAll(h.ctx.db, rotated);
    assert.ok(report.columns.includes('domain_dkim_keys.private_key'));
    assert.equal(report.resealed, 2);
    assert.deepEqual((await signAndVerify('example.com')).map((r) => r.result), ['pass', 'pass']);
  });

  test('another team and unknown domains get no keys', async () => {
    const other = await h.createTeam('Other');
    assert.deepEqual(await loadSigningKeys(h.ctx, other, 'example.com'), []);
    assert.equal(await findSendingDomain(h.ctx.db.kysely, other, 'example.com'), null);
    assert.deepEqual(await loadSigningKeys(h.ctx, team, 'unknown.example.com'), []);
  });

  test('once ownership is proven, another team cannot add the domain (409)', async () => {
    const otherKey = (await h.createKey(await h.createTeam('Squatter'))).key;
    const r = await h.api.post('/api/domains', otherKey, { domain: 'example.com' });
    assert.deepEqual([r.status, r.json.error_code], [409, 'resource_already_exists']);
  });
});
