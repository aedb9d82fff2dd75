// README's Fastify receiver, run for real: a signed delivery from Lettr's sender passes, a forged or replayed one is
// refused with 401, and a receiver holding both secrets during a rotation accepts either signature.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { verifyWebhook } from '../../src/index.js';
import { createWebhookAgent } from '../../src/webhooks/agent.js';
import { attemptDelivery } from '../../src/webhooks/attempt.js';
import { OAuthTokenCache } from '../../src/webhooks/oauth.js';
import { makeResolver } from '../../src/webhooks/resolver.js';
import { generateSecret } from '../../src/webhooks/signing.js';

const secret = generateSecret();
const previous = generateSecret();
let app: FastifyInstance;
let url: string;
const received: unknown[] = [];

before(async () => {
  app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/lettr', async (request, reply) => {
    const result = verifyWebhook(request.body as Buffer, request.headers, [secret, previous]);
    if (!result.ok) return reply.code(401).send(result.reason);
    received.push(...result.events);
    return reply.code(204).send();
  });
  url = (await app.listen({ host: '127.0.0.1', port: 0 })) + '/webhooks/lettr';
});

const body = Buffer.from('[{"msys":{"message_event":{"type":"bounce","event_id":"9"}}}]');
const dispatcher = createWebhookAgent({ resolve: makeResolver({ dnsServers: [], dnsTimeoutMs: 2000 }), allowPrivate: true });
const deps = { dispatcher, tokens: new OAuthTokenCache(dispatcher) };
const send = (secrets: string[], nowMs = Date.now()) =>
  attemptDelivery(deps, { url, auth: { type: 'none' }, secrets, body, messageId: 'delivery-x', nowMs, timeoutMs: 5000, policy: { httpsOnly: false, allowPrivate: true } });

test('a genuine delivery is accepted and its events handed over', async () => {
  const r = await send([secret]);
  assert.equal(r.status, 204);
  assert.deepEqual(received.at(-1), { msys: { message_event: { type: 'bounce', event_id: '9' } } });
});

test('a delivery signed with a secret the receiver does not hold is refused', async () => {
  const r = await send([generateSecret()]);
  assert.equal(r.status, 401);
  assert.equal(r.responseExcerpt, 'signature_mismatch');
});

test('a request stamped outside the tolerance is refused', async () => {
  const r = await send([secret], Date.now() - 10 * 60_000);
  assert.equal(r.status, 401);
  assert.equal(r.responseExcerpt, 'timestamp_out_of_tolerance');
});

test('during a rotation, either secret verifies', async () => {
  assert.equal((await send([previous, secret])).status, 204);
  assert.equal((await send([previous])).status, 204);
});

after(async () => {
  await app.close();
  await dispatcher.close();
});
