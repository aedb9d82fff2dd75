// The webhook HTTP attempt against real HTTP and HTTPS receivers on loopback.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createWebhookAgent } from '../../src/webhooks/agent.js';
import { attemptDelivery, type AttemptInput } from '../../src/webhooks/attempt.js';
import { OAuthTokenCache } from '../../src/webhooks/oauth.js';
import { makeResolver } from '../../src/webhooks/resolver.js';
import { generateSecret } from '../../src/webhooks/signing.js';
import { VERSION } from '../../src/webhooks/version.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { createTestCertificates, type TestCertificates } from '../helpers/test-ca.js';

const body = Buffer.from('[{"msys":{"message_event":{"type":"delivery","event_id":"42","rcpt_to":"ä@example.com"}}}]');
const open = { httpsOnly: false, allowPrivate: true };

let certs: TestCertificates;
let http: HttpReceiver;
let https: HttpReceiver;
const resolve = makeResolver({ dnsServers: [], dnsTimeoutMs: 2000 });
const agent = () => createWebhookAgent({ resolve, allowPrivate: true, caFile: certs.caFile });

before(async () => {
  certs = createTestCertificates();
  http = await HttpReceiver.start();
  https = await HttpReceiver.start({ tls: certs });
});
after(async () => {
  await http.close();
  await https.close();
  certs.cleanup();
});

function input(over: Partial<AttemptInput>): AttemptInput {
  return { url: http.url + '/hook', auth: { type: 'none' }, secrets: [generateSecret()], body, messageId: 'msg_test', nowMs: Date.now(), timeoutMs: 5000, policy: open, ...over };
}

describe('a successful attempt', () => {
  test('POSTs the exact bytes with the headers receivers verify, over HTTP and HTTPS', async () => {
    for (const receiver of [http, https]) {
      const secret = generateSecret();
      const dispatcher = agent();
      const before = receiver.requests.length;
      const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ url: receiver.url + '/hook', secrets: [secret] }));
      assert.equal(r.ok, true, r.error ?? '');
      assert.equal(r.status, 200);
      assert.equal(r.responseExcerpt, 'ok');
      const req = receiver.requests[before]!;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/hook');
      assert.ok(req.body.equals(body));
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.headers['user-agent'], `Lettr-Webhooks/${VERSION}`);
      assert.equal(req.headers.authorization, undefined);
      // The founding security page's verifier, verbatim in substance.
      assert.equal(req.headers['lettr-signature'], createHmac('sha256', secret).update(req.body).digest('hex'));
      // And the Standard Webhooks reference library.
      assert.doesNotThrow(() => new Webhook(secret).verify(req.body.toString('utf8'), req.headers as Record<string, string>));
      assert.equal(req.headers['webhook-id'], 'msg_test');
      await dispatcher.close();
    }
  });

  test('basic auth sends Authorization: Basic on the request', async () => {
    const dispatcher = agent();
    await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ auth: { type: 'basic', username: 'hook', password: 'p:ss wörd' } }));
    const req = http.requests.at(-1)!;
    assert.equal(req.headers.authorization, 'Basic ' + Buffer.from('hook:p:ss wörd').toString('base64'));
    await dispatcher.close();
  });
});

describe('failures are recorded as data', () => {
  test('non-2xx statuses are failures with the response excerpt', async () => {
    const dispatcher = agent();
    const deps = { dispatcher, tokens: new OAuthTokenCache(dispatcher) };
    http.script({ status: 500, body: 'boom' }, { status: 410, body: 'gone' }, { status: 404 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await attemptDelivery(deps, input({})));
    assert.deepEqual(statuses.map((s) => [s.ok, s.status]), [[false, 500], [false, 410], [false, 404]]);
    assert.equal(statuses[0]!.responseExcerpt, 'boom');
    await dispatcher.close();
  });

  test('a redirect is a failure and is never followed', async () => {
    const other = await HttpReceiver.start();
    const dispatcher = agent();
    http.script({ redirectTo: other.url + '/elsewhere', status: 307 });
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({}));
    assert.equal(r.ok, false);
    assert.equal(r.status, 307);
    assert.match(r.error!, /redirect not followed \(Location: http:\/\/127\.0\.0\.1:\d+\/elsewhere\)/);
    assert.equal(other.requests.length, 0);
    await other.close();
    await dispatcher.close();
  });

  test('a receiver that never answers times out', async () => {
    const dispatcher = agent();
    http.script({ stall: true });
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ timeoutMs: 300 }));
    assert.equal(r.ok, false);
    assert.equal(r.status, null);
    assert.match(r.error!, /^timeout: no complete response within 300 ms/);
    await dispatcher.close();
  });

  test('a dropped connection and a closed port are failures with the error', async () => {
    const dispatcher = agent();
    const deps = { dispatcher, tokens: new OAuthTokenCache(dispatcher) };
    http.script({ close: true });
    const dropped = await attemptDelivery(deps, input({}));
    assert.equal(dropped.ok, false);
    assert.ok(dropped.error);
    const gone = await HttpReceiver.start();
    const url = gone.url;
    await gone.close();
    const refused = await attemptDelivery(deps, input({ url }));
    assert.match(refused.error!, /ECONNREFUSED/);
    await dispatcher.close();
  });

  test('the response excerpt is cut at 2 KB', async () => {
    const dispatcher = agent();
    http.script({ status: 500, body: 'x'.repeat(10_000) });
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({}));
    assert.equal(r.responseExcerpt!.length, 2048);
    await dispatcher.close();
  });
});

describe('TLS', () => {
  test('a certificate from an unknown CA is refused', async () => {
    const dispatcher = createWebhookAgent({ resolve, allowPrivate: true });
    const before = https.requests.length;
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ url: https.url + '/hook' }));
    assert.equal(r.ok, false);
    assert.match(r.error!, /SELF_SIGNED|UNABLE_TO_GET_ISSUER|certificate/i);
    assert.equal(https.requests.length, before);
    await dispatcher.close();
  });

  test('a receiver offering only TLS 1.1 is refused', async () => {
    const old = await HttpReceiver.start({ tls: certs, tlsMaxVersion: 'TLSv1.1' });
    const dispatcher = agent();
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ url: old.url + '/hook' }));
    assert.equal(r.ok, false);
    assert.match(r.error!, /protocol|version|SSL/i);
    assert.equal(old.requests.length, 0);
    await old.close();
    await dispatcher.close();
  });

  test('production refuses plain-HTTP targets before connecting', async () => {
    const dispatcher = agent();
    const before = http.requests.length;
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) }, input({ policy: { httpsOnly: true, allowPrivate: true } }));
    assert.equal(r.error, 'target refused: The url must use https.');
    assert.equal(http.requests.length, before);
    await dispatcher.close();
  });
});

describe('OAuth2 client credentials', () => {
  test('fetches a token once, caches it until expiry, refetches after a 401', async () => {
    const tokenServer = await HttpReceiver.start({ tls: certs });
    let issued = 0;
    tokenServer.respondWith(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: `tok${++issued}`, token_type: 'Bearer', expires_in: 3600 }) }));
    let clock = 1_000_000;
    const dispatcher = agent();
    const deps = { dispatcher, tokens: new OAuthTokenCache(dispatcher, () => clock) };
    const auth = { type: 'oauth2' as const, tokenUrl: tokenServer.url + '/oauth/token', clientId: 'client id', clientSecret: 's3cr:t' };

    await attemptDelivery(deps, input({ url: https.url + '/hook', auth }));
    await attemptDelivery(deps, input({ url: https.url + '/hook', auth }));
    assert.equal(tokenServer.requests.length, 1);
    const tokReq = tokenServer.requests[0]!;
    assert.equal(tokReq.body.toString(), 'grant_type=client_credentials');
    assert.equal(tokReq.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(tokReq.headers.authorization, 'Basic ' + Buffer.from('client+id:s3cr%3At').toString('base64'));
    assert.equal(https.requests.at(-1)!.headers.authorization, 'Bearer tok1');

    clock += 3600_000; // past expires_in (minus the refresh margin)
    await attemptDelivery(deps, input({ url: https.url + '/hook', auth }));
    assert.equal(tokenServer.requests.length, 2);
    assert.equal(https.requests.at(-1)!.headers.authorization, 'Bearer tok2');

    https.script({ status: 401 });
    await attemptDelivery(deps, input({ url: https.url + '/hook', auth }));
    await attemptDelivery(deps, input({ url: https.url + '/hook', auth }));
    assert.equal(tokenServer.requests.length, 3);
    assert.equal(https.requests.at(-1)!.headers.authorization, 'Bearer tok3');
    await tokenServer.close();
    await dispatcher.close();
  });

  test('a failing token endpoint fails the attempt without calling the receiver', async () => {
    const tokenServer = await HttpReceiver.start();
    tokenServer.setDefault({ status: 400, body: '{"error":"invalid_client"}' });
    const dispatcher = agent();
    const before = http.requests.length;
    const r = await attemptDelivery({ dispatcher, tokens: new OAuthTokenCache(dispatcher) },
      input({ auth: { type: 'oauth2', tokenUrl: tokenServer.url + '/t', clientId: 'a', clientSecret: 'b' } }));
    assert.equal(r.ok, false);
    assert.match(r.error!, /^OAuth2 token request failed: HTTP 400/);
    assert.equal(http.requests.length, before);
    await tokenServer.close();
    await dispatcher.close();
  });
});
