import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './index.js';
import { parseDuration } from './parse.js';

test('defaults give the embedded setup: SQLite file in ./data, port 3000, local delivery', () => {
  const c = loadConfig({});
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.deepEqual(c.database, { dialect: 'sqlite', path: path.resolve('./data/lettr.db') });
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.publicUrl, 'http://localhost:3000');
  assert.equal(c.delivery, 'local');
  assert.equal(c.rateLimitPerSecond, 100);
  assert.equal(c.keyRotationGraceMs, 24 * 3_600_000);
  assert.deepEqual(c.trustProxy, []);
});

test('the database URL follows the data dir, and a postgres:// URL selects PostgreSQL', () => {
  assert.deepEqual(loadConfig({ LETTR_DATA_DIR: '/srv/lettr' }).database, { dialect: 'sqlite', path: '/srv/lettr/lettr.db' });
  assert.deepEqual(loadConfig({ LETTR_DATABASE_URL: 'sqlite:/tmp/x.db' }).database, { dialect: 'sqlite', path: '/tmp/x.db' });
  assert.deepEqual(loadConfig({ LETTR_DATABASE_URL: 'postgres://u@h:5432/db' }).database, { dialect: 'postgres', url: 'postgres://u@h:5432/db' });
});

test('every bad variable is named in one error', () => {
  assert.throws(
    () => loadConfig({ LETTR_PORT: 'eighty', LETTR_DELIVERY: 'pigeon', LETTR_DATABASE_URL: 'mysql://x' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 3);
      assert.match(err.message, /LETTR_PORT must be a whole number, got "eighty"/);
      assert.match(err.message, /LETTR_DELIVERY must be one of local, relay, mx, got "pigeon"/);
      assert.match(err.message, /LETTR_DATABASE_URL must be sqlite:PATH or a postgres:\/\/ URL/);
      return true;
    },
  );
});

test('production refuses to start without LETTR_SECRET_KEY', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /LETTR_SECRET_KEY must be set in production/);
  assert.equal(loadConfig({ NODE_ENV: 'production', LETTR_SECRET_KEY: 'a'.repeat(64) }).env, 'production');
});

test('durations', () => {
  assert.deepEqual(parseDuration('24h'), { ok: true, value: 86_400_000 });
  assert.deepEqual(parseDuration('0'), { ok: true, value: 0 });
  assert.deepEqual(parseDuration('90'), { ok: true, value: 90_000 });
  assert.deepEqual(parseDuration('250ms'), { ok: true, value: 250 });
  assert.equal(parseDuration('soon').ok, false);
});

test('sending-domain settings: DNS names, addresses, resolvers as IP:port, approval mode', () => {
  const c = loadConfig({
    LETTR_BOUNCE_DOMAIN: 'Bounce.Mailer.Example.net.', LETTR_SPF_INCLUDE: '_spf.mailer.example.net',
    LETTR_SENDING_IPS: '192.0.2.1, 2001:db8::25', LETTR_DNS_SERVERS: '127.0.0.1:5353,[::1]:53,10.0.0.2',
    LETTR_DOMAIN_APPROVAL: 'review', LETTR_DKIM_ED25519: 'true', LETTR_DNS_TIMEOUT: '250ms',
  });
  assert.equal(c.bounceDomain, 'bounce.mailer.example.net');
  assert.equal(c.spfInclude, '_spf.mailer.example.net');
  assert.deepEqual(c.sendingIps, ['192.0.2.1', '2001:db8::25']);
  assert.deepEqual(c.dnsServers, ['127.0.0.1:5353', '[::1]:53', '10.0.0.2']);
  assert.deepEqual([c.domainApproval, c.dkimEd25519, c.dnsTimeoutMs], ['review', true, 250]);
  const d = loadConfig({});
  assert.deepEqual([d.bounceDomain, d.spfInclude, d.sendingIps, d.domainApproval, d.dkimEd25519], [null, null, [], 'auto', false]);
  assert.throws(() => loadConfig({ LETTR_DNS_SERVERS: 'dns.example.com:53', LETTR_SENDING_IPS: 'mail.example.com', LETTR_BOUNCE_DOMAIN: 'not a name' }),
    (err: unknown) => err instanceof ConfigError && err.problems.length === 3 && /LETTR_DNS_SERVERS "dns.example.com:53" is not an IP/.test(err.message));
});

test('production refuses LETTR_WEBHOOK_ALLOW_PRIVATE=true, naming both variables; development allows it', () => {
  const secret = { LETTR_SECRET_KEY: 'a'.repeat(64) };
  assert.throws(() => loadConfig({ ...secret, LETTR_ENV: 'production', LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' }),
    (err: unknown) => err instanceof ConfigError && /LETTR_WEBHOOK_ALLOW_PRIVATE=true .*LETTR_ENV=production/.test(err.message));
  assert.throws(() => loadConfig({ ...secret, NODE_ENV: 'production', LETTR_WEBHOOK_ALLOW_PRIVATE: 'yes' }), /LETTR_WEBHOOK_ALLOW_PRIVATE/);
  assert.equal(loadConfig({ ...secret, LETTR_ENV: 'production' }).webhooks.allowPrivate, false);
  assert.equal(loadConfig({ LETTR_ENV: 'development', LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate, true);
});
