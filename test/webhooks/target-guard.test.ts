// The connect-time target guard: with private targets disallowed, nothing on loopback is ever reached, whether the
// URL names the address or a name resolves to it; with LETTR_WEBHOOK_ALLOW_PRIVATE the same requests go through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWebhookAgent } from '../../src/webhooks/agent.js';
import { makeResolver } from '../../src/webhooks/resolver.js';
import { postWebhook } from '../../src/webhooks/sender.js';
import { HttpReceiver } from '../helpers/http-receiver.js';

let receiver: HttpReceiver;
before(async () => {
  receiver = await HttpReceiver.start();
});
after(() => receiver.close());

const post = (dispatcher: ReturnType<typeof createWebhookAgent>, url: string) =>
  postWebhook({ dispatcher, url, body: Buffer.from('[]'), headers: {}, timeoutMs: 5000 });

test('loopback literals and names resolving to loopback are refused at connect, before any byte is sent', async () => {
  const guarded = createWebhookAgent({ resolve: makeResolver({ dnsServers: [], dnsTimeoutMs: 2000 }), allowPrivate: false });
  for (const url of [`http://127.0.0.1:${receiver.port}/`, `http://[::ffff:127.0.0.1]:${receiver.port}/`, `http://localhost:${receiver.port}/`]) {
    const r = await post(guarded, url);
    assert.equal(r.ok, false, url);
    assert.match(r.error!, /^target refused: The url must not point to a private or internal address \(loopback\)\.$/, url);
  }
  assert.equal(receiver.requests.length, 0);
  await guarded.close();
});

test('with private targets allowed the same URLs are delivered', async () => {
  const open = createWebhookAgent({ resolve: makeResolver({ dnsServers: [], dnsTimeoutMs: 2000 }), allowPrivate: true });
  for (const url of [`http://127.0.0.1:${receiver.port}/`, `http://localhost:${receiver.port}/`]) {
    const r = await post(open, url);
    assert.equal(r.ok, true, `${url}: ${r.error}`);
  }
  assert.equal(receiver.requests.length, 2);
  await open.close();
});
