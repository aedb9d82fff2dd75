// Target rules end to end (issue 6 §5) with a real loopback DNS server: every refused range is a 422 at create, a
// name resolving only to refused addresses too, a name that later rebinds to loopback is refused at delivery time as
// a failed attempt, and LETTR_WEBHOOK_ALLOW_PRIVATE lifts all of it. Production accepts only https.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closeWebhookRuntime } from '../../src/webhooks/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { createTestCertificates, type TestCertificates } from '../helpers/test-ca.js';
import { createHook, pumpPastWindow, recordSample } from './support.js';

const REFUSED_LITERALS: [string, string][] = [
  ['127.0.0.1', 'loopback'], ['[::1]', 'loopback'], ['10.1.2.3', 'private network'], ['172.16.5.4', 'private network'],
  ['192.168.0.10', 'private network'], ['169.254.1.1', 'link-local'], ['[fe80::1]', 'link-local'], ['100.64.0.1', 'carrier-grade NAT'],
  ['224.0.0.1', 'multicast'], ['[ff02::1]', 'multicast'], ['169.254.169.254', 'cloud metadata'], ['[fd00:ec2::254]', 'cloud metadata'],
  ['0.0.0.0', 'unspecified'], ['[::ffff:127.0.0.1]', 'loopback'], ['[fd12::1]', 'private network'], ['2130706433', 'loopback'],
];

forEachDatabase('webhook target rules', (db) => {
  let dns: DnsTestServer;
  let rx: HttpReceiver;
  before(async () => {
    dns = await startDnsServer();
    rx = await HttpReceiver.start();
  });
  after(async () => {
    await rx.close();
    await dns.close();
  });

  describe('private targets refused (default)', () => {
    let h: Harness;
    let key: string;
    let teamId: number;
    before(async () => {
      h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '1s' });
      teamId = await h.createTeam();
      key = (await h.createKey(teamId)).key;
    });
    after(async () => {
      await closeWebhookRuntime(h.ctx);
      await h.close();
    });
    const create = (url: string, extra: Record<string, unknown> = {}) =>
      h.api.post('/api/webhooks', key, { name: 'x', url, auth_type: 'none', events_mode: 'all', ...extra });

    test('a URL whose host is a refused address is a 422, for every range', async () => {
      for (const [host, label] of REFUSED_LITERALS) {
        const res = await create(`http://${host}:${rx.port}/hook`);
        assert.equal(res.status, 422, host);
        assert.deepEqual(res.json.errors, { url: [`The url must not point to a private or internal address (${label}).`] }, host);
      }
      assert.equal(webhookCount(await h.api.get('/api/webhooks', key)), 0);
    });

    test('a name resolving only to refused addresses is a 422; a name with a public address is accepted', async () => {
      dns.set('loop.hooks.test', 'A', '127.0.0.1');
      dns.set('loop6.hooks.test', 'AAAA', '::1');
      dns.set('meta.hooks.test', 'A', '169.254.169.254');
      dns.set('mixed.hooks.test', 'A', '10.0.0.7', '93.184.216.34');
      dns.set('alias.hooks.test', 'CNAME', 'loop.hooks.test');
      for (const name of ['loop', 'loop6', 'meta', 'alias']) {
        const res = await create(`http://${name}.hooks.test/hook`);
        assert.equal(res.status, 422, name);
        assert.match(res.json.errors.url[0], /^The url must not point to a private or internal address/);
      }
      // A name that does not resolve yet is accepted; each delivery attempt resolves and checks it again.
      const nx = await create('http://missing.hooks.test/hook');
      assert.equal(nx.status, 201, nx.text);
      assert.equal((await create('http://mixed.hooks.test/hook')).status, 201);
      const token = await create('http://mixed.hooks.test/other', { auth_type: 'oauth2', oauth_client_id: 'a', oauth_client_secret: 'b', oauth_token_url: 'http://loop.hooks.test/token' });
      assert.equal(token.status, 422);
      assert.ok(token.json.errors.oauth_token_url);
      const moved = await h.api.put(`/api/webhooks/${(await h.api.get('/api/webhooks', key)).json.data.webhooks[0].id}`, key, { url: 'http://meta.hooks.test/x' });
      assert.equal(moved.status, 422);
    });

    test('a name that rebinds to loopback after create is refused at delivery time, as a failed attempt', async () => {
      dns.set('rebind.hooks.test', 'A', '93.184.216.34');
      const hook = await createHook(h, key, { url: `http://rebind.hooks.test:${rx.port}/hook` });
      dns.set('rebind.hooks.test', 'A', '127.0.0.1');
      await recordSample(h, teamId, 2);
      await pumpPastWindow(h);
      assert.equal(rx.requests.length, 0, 'nothing reached the loopback receiver');
      const d = (await h.api.get(`/api/webhooks/${hook.id}/deliveries`, key, { beyondContract: 'delivery log' })).json.data.deliveries[0];
      assert.equal(d.state, 'pending');
      assert.equal(d.attempt_log[0].status_code, null);
      assert.equal(d.attempt_log[0].error, 'target refused: The url must not point to a private or internal address (loopback).');
      assert.equal((await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data.last_status, 'failure');
      await h.api.delete(`/api/webhooks/${hook.id}`, key);
    });

    test('the allow-private switch is off and not advertised', async () => {
      const res = await h.api.get('/api/webhooks', key);
      assert.equal(res.headers['lettr-webhook-allow-private'], undefined);
    });
  });

  describe('LETTR_WEBHOOK_ALLOW_PRIVATE=true', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    });
    after(async () => {
      await closeWebhookRuntime(h.ctx);
      await h.close();
    });

    test('the same targets are accepted, and a name resolving to 127.0.0.1 is delivered to', async () => {
      const teamId = await h.createTeam();
      const { key } = await h.createKey(teamId);
      for (const [host] of REFUSED_LITERALS.slice(0, 4)) {
        const res = await h.api.post('/api/webhooks', key, { name: 'x', url: `http://${host}:1/${Math.random()}`, auth_type: 'none', events_mode: 'all' });
        assert.equal(res.status, 201, host);
        assert.equal(res.headers['lettr-webhook-allow-private'], 'true');
        await h.api.delete(`/api/webhooks/${res.json.data.id}`, key);
      }
      dns.set('local.hooks.test', 'A', '127.0.0.1');
      await createHook(h, key, { url: `http://local.hooks.test:${rx.port}/allowed` });
      const events = await recordSample(h, teamId, 2);
      await pumpPastWindow(h);
      const got = rx.requests.filter((r) => r.path === '/allowed');
      assert.equal(got.length, 1);
      assert.equal(JSON.parse(got[0]!.body.toString()).length, events.length);
    });
  });

  describe('production', () => {
    let h: Harness;
    let certs: TestCertificates;
    let tls: HttpReceiver;
    before(async () => {
      certs = createTestCertificates(['secure.hooks.test']);
      tls = await HttpReceiver.start({ tls: certs });
      // Production refuses LETTR_WEBHOOK_ALLOW_PRIVATE (config.test.ts), but this receiver can only live on loopback:
      // the test opens the address rule in code so it can show the https-only rule on its own.
      h = await startHarness(db(), {
        LETTR_ENV: 'production', LETTR_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), LETTR_DNS_SERVERS: dns.address,
        LETTR_WEBHOOK_CA_FILE: certs.caFile,
      }, { adjust: (config) => { config.webhooks.allowPrivate = true; } });
    });
    after(async () => {
      await closeWebhookRuntime(h.ctx);
      await h.close();
      await tls.close();
      certs.cleanup();
    });

    test('plain http is refused; https to a receiver signed by the configured CA is delivered', async () => {
      const teamId = await h.createTeam();
      const { key } = await h.createKey(teamId);
      const plain = await h.api.post('/api/webhooks', key, { name: 'x', url: 'http://secure.hooks.test/x', auth_type: 'none', events_mode: 'all' });
      assert.deepEqual(plain.json.errors, { url: ['The url must use https.'] });
      dns.set('secure.hooks.test', 'A', '127.0.0.1');
      await createHook(h, key, { url: `https://secure.hooks.test:${tls.port}/tls` });
      await recordSample(h, teamId, 1);
      await pumpPastWindow(h);
      assert.equal(tls.requests.length, 1);
      assert.equal(tls.requests[0]!.path, '/tls');
    });
  });
});

function webhookCount(res: { json: { data: { webhooks: unknown[] } } }): number {
  return res.json.data.webhooks.length;
}
