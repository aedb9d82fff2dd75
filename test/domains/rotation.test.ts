// DKIM key rotation: new keys wait (pending) under new selectors while the old ones keep signing; when the new
// records verify, the new keys take over and the old ones retire. Mail is never signed with an unpublished key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dkimSign, dkimVerify } from 'mailauth';
import { listAudit } from '../../src/audit/index.js';
import { domainReverification, findSendingDomain, loadSigningKeys, rotateDomainKeys } from '../../src/domains/index.js';
import { ensureRecurring } from '../../src/queue/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

type Published = { purpose: string; type: 'TXT' | 'CNAME'; name: string; value: string; note: string };
const system = { actor: { type: 'system' as const, via: 'test' } };

forEachDatabase('DKIM key rotation', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let team: number;
  let key: string;
  let original: Published[];
  let rotated: Published[];

  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '150ms', LETTR_SENDING_IPS: '192.0.2.9' });
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    await h.api.post('/api/domains', key, { domain: 'example.com' });
    original = (await h.api.get('/api/domains/example.com', key)).json.data.dns.records;
    for (const r of original) dns.set(r.name, r.type, r.value);
    assert.equal((await h.api.post('/api/domains/example.com/verify', key, {})).json.data.dkim_status, 'valid');
    await ensureRecurring(h.ctx, domainReverification.queue);
  });
  after(async () => {
    await h.close();
    await dns.close();
  });

  const selectors = async () => (await loadSigningKeys(h.ctx, team, 'example.com')).map((k) => k.selector);
  const verify = async () => (await h.api.post('/api/domains/example.com/verify', key, {})).json.data;

  test('rotation adds a pending key under a new selector; the old key keeps signing', async () => {
    const summary = await rotateDomainKeys(h.ctx, team, 'example.com', system);
    rotated = summary!.records.filter((r) => r.purpose === 'dkim');
    assert.equal(rotated.length, 2);
    assert.equal(rotated[0]!.name, original[0]!.name);
    assert.notEqual(rotated[1]!.name, original[0]!.name);
    assert.match(rotated[1]!.note, /New DKIM key \(rotation\)/);
    assert.deepEqual(await selectors(), [original[0]!.name.split('.')[0]]);
    const shown = (await h.api.get('/api/domains/example.com', key)).json.data;
    assert.equal(shown.dns.dkim.selector, original[0]!.name.split('.')[0], 'the contract view shows the key that signs');
  });

  test('until the new record is published nothing changes, but checks come back on the short ladder', async () => {
    const v = await verify();
    assert.equal(v.dkim_status, 'valid');
    assert.deepEqual(await selectors(), [original[0]!.name.split('.')[0]]);
    const before = dns.queries.length;
    h.clock.advance(5 * 60_000);
    await h.runJobs([domainReverification]);
    assert.ok(dns.queries.some((q, i) => i >= before && q.name === rotated[1]!.name), 'a verified domain awaiting rotation is re-checked within minutes');
  });

  test('once the new record verifies, the new key signs and the old one retires', async () => {
    dns.set(rotated[1]!.name, 'TXT', rotated[1]!.value);
    assert.equal((await verify()).dkim_status, 'valid');
    const newSelector = rotated[1]!.name.split('.')[0]!;
    assert.deepEqual(await selectors(), [newSelector]);
    const [event] = await listAudit(h.ctx.db.kysely, team, { action: 'domain.dkim_rotated' });
    assert.deepEqual(event!.details, { domain: 'example.com', retired: [original[0]!.name.split('.')[0]], active: [newSelector] });
    const records = (await h.api.get('/api/domains/example.com', key)).json.data.dns.records.filter((r: Published) => r.purpose === 'dkim');
    assert.deepEqual(records.map((r: Published) => r.name), [rotated[1]!.name], 'the retired record may be removed');

    dns.remove(original[0]!.name);
    assert.equal((await verify()).dkim_status, 'valid');
    assert.deepEqual(await findSendingDomain(h.ctx.db.kysely, team, 'example.com'), { domain: 'example.com', status: 'approved', canSend: true, dkimValid: true });

    const [signingKey] = await loadSigningKeys(h.ctx, team, 'example.com');
    const raw = 'From: a@example.com\r\nTo: b@example.org\r\nSubject: rotated\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\n\r\nhello\r\n';
    const signature = { signingDomain: 'example.com', selector: signingKey!.selector, privateKey: signingKey!.privateKeyPem };
    // signTime: without it mailauth computes t= twice (for the signed bytes and for the header) and, about once in
    // 400 RSA signatures, a second boundary falls between the two and the signature is wrong. The delivery signer passes it.
    const signed = await dkimSign(raw, { ...signature, signTime: new Date(), signatureData: [signature] }); // mailauth signs what signatureData lists
    const resolver = dns.resolver();
    const result = await dkimVerify(signed.signatures + raw, { resolver: (n, t) => resolver.resolve(n, t) as Promise<string[][]> });
    assert.deepEqual(result.results.map((r) => [r.selector, r.status.result]), [[newSelector, 'pass']]);
  });

  test('rotating again while a rotation waits replaces the pending keys; retired selectors are never reused', async () => {
    const first = await rotateDomainKeys(h.ctx, team, 'example.com', system);
    const second = await rotateDomainKeys(h.ctx, team, 'example.com', system);
    const names = (s: typeof first) => s!.records.filter((r) => r.purpose === 'dkim').map((r) => r.name);
    assert.equal(names(first).length, 2);
    assert.equal(names(second).length, 2);
    assert.notEqual(names(first)[1], names(second)[1]);
    assert.ok(!names(second).includes(original[0]!.name));
    assert.equal(await rotateDomainKeys(h.ctx, team, 'unknown.example.com', system), null);
  });
});
