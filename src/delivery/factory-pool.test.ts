import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { startDnsServer, type DnsTestServer } from '../../test/helpers/dns-server.js';
import { dnsTxtResolver } from './dns-txt.js';
import type { FactoryInput } from './factory.js';
import { defaultBuildThreads, FactoryPool } from './factory-pool.js';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { selector: 'pool1', algorithm: 'rsa-sha256' as const, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

const input = (i: number, keys = [key]): FactoryInput => ({
  draft: {
    from: { email: 'hello@pool.test', name: 'Pool' }, to: [`r${i}@example.test`], cc: [], subject: `Message ${i}`,
    text: `text ${i}`, html: `<p>html ${i}</p>`, attachments: [{ name: 'a.txt', type: 'text/plain', data: Buffer.from(`attachment ${i}`).toString('base64') }],
    headers: {}, messageId: `<${i}.1@lettr.test>`, date: new Date(), listUnsubscribe: null,
  },
  sign: { domain: 'pool.test', keys, signTime: Date.now() },
});

describe('FactoryPool: composing and signing on build threads', () => {
  let dns: DnsTestServer;
  const pools: FactoryPool[] = [];
  before(async () => {
    dns = await startDnsServer();
    dns.set('pool1._domainkey.pool.test', 'TXT', record);
  });
  after(async () => {
    for (const p of pools) await p.close();
    await dns.close();
  });

  for (const size of [0, 2]) {
    it(`${size === 0 ? 'inline' : `${size} threads`}: many messages at once, each signed and verifying, each its own`, async () => {
      const pool = new FactoryPool(size);
      pools.push(pool);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.produce(input(i))));
      for (const [i, r] of results.entries()) {
        assert.ok(r.ok, JSON.stringify(r));
        const raw = Buffer.from(r.raw);
        assert.match(raw.toString(), new RegExp(`Subject: Message ${i}\\r\\n`), 'answers are matched to their requests');
        const verified = await dkimVerify(raw, { resolver: dnsTxtResolver([dns.address]) });
        assert.equal(verified.results[0]?.status.result, 'pass');
      }
    });
  }

  it('a key that cannot sign comes back as a failure with its reason (the thread lives on)', async () => {
    const pool = new FactoryPool(1);
    pools.push(pool);
    const bad = await pool.produce(input(1, [{ ...key, privateKeyPem: 'not a key' }]));
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.reason : '', /DKIM signing failed for pool\.test/);
    assert.equal((await pool.produce(input(2))).ok, true);
  });

  it('leaves one core to the event loop, and builds inline on a single core', () => {
    assert.equal(defaultBuildThreads(1), 0);
    assert.equal(defaultBuildThreads(2), 1);
    assert.equal(defaultBuildThreads(16), 4);
  });
});
