import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { generateSecret, isWellFormedSecret, lettrSignature, signRequest } from './signing.js';
import { verifyWebhook } from './verify.js';

/** The founding security page's receiver, step for step: HMAC of the raw body with the secret string, compared with !==. */
function foundingPageAccepts(rawBody: Buffer, headers: Record<string, string>, webhookSecret: string): boolean {
  const signature = headers['lettr-signature'];
  const expectedSignature = createHmac('sha256', webhookSecret).update(rawBody).digest('hex');
  return !(signature !== expectedSignature);
}

const body = Buffer.from('[{"msys":{"message_event":{"type":"delivery","event_id":"1","rcpt_to":"ü@example.com"}}}]');
const NOW = 1_760_000_000_000;
const nowSeconds = Math.floor(NOW / 1000);

test('generated secrets are whsec_ + base64 of 32 random bytes and differ each time', () => {
  const a = generateSecret();
  const b = generateSecret();
  assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(Buffer.from(a.slice(6), 'base64').length, 32);
  assert.notEqual(a, b);
  assert.ok(isWellFormedSecret(a));
  assert.ok(!isWellFormedSecret('secret'));
});

test('lettr-signature is lowercase hex HMAC-SHA256 of the exact body and passes the founding page verifier', () => {
  const secret = generateSecret();
  const headers = signRequest(body, 'msg_1', nowSeconds, [secret]);
  assert.match(headers['lettr-signature'], /^[0-9a-f]{64}$/);
  assert.equal(headers['lettr-signature'], lettrSignature(body, secret));
  assert.ok(foundingPageAccepts(body, { ...headers }, secret));
  assert.ok(!foundingPageAccepts(Buffer.concat([body, Buffer.from(' ')]), { ...headers }, secret));
  assert.ok(!foundingPageAccepts(body, { ...headers }, generateSecret()));
});

test('webhook-signature verifies with the standardwebhooks package, also with two signatures during a rotation', () => {
  const oldSecret = generateSecret();
  const newSecret = generateSecret();
  const headers = signRequest(body, 'msg_2', Math.floor(Date.now() / 1000), [oldSecret, newSecret]);
  assert.equal(headers['webhook-signature'].split(' ').length, 2);
  for (const s of [oldSecret, newSecret]) {
    const parsed = new Webhook(s).verify(body.toString('utf8'), { ...headers }) as unknown[];
    assert.equal(parsed.length, 1);
  }
  assert.throws(() => new Webhook(generateSecret()).verify(body.toString('utf8'), { ...headers }));
  // During the rotation window lettr-signature stays on the secret receivers already hold.
  assert.ok(foundingPageAccepts(body, { ...headers }, oldSecret));
});

test('verifyWebhook accepts a genuine request and says why it refuses a forged one', () => {
  const secret = generateSecret();
  const headers = { ...signRequest(body, 'msg_3', nowSeconds, [secret]) };
  const good = verifyWebhook(body, headers, secret, { now: NOW });
  assert.ok(good.ok);
  assert.equal(good.events.length, 1);
  assert.equal(good.events[0]!.msys.message_event!.event_id, '1');

  const tampered = Buffer.from(body.toString().replace('delivery', 'bounce'));
  assert.deepEqual(verifyWebhook(tampered, headers, secret, { now: NOW }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhook(body, headers, generateSecret(), { now: NOW }), { ok: false, reason: 'signature_mismatch' });
  const { 'lettr-signature': _drop, ...unsigned } = headers;
  assert.deepEqual(verifyWebhook(body, unsigned, secret, { now: NOW }), { ok: false, reason: 'missing_signature' });
  assert.deepEqual(verifyWebhook(body, { ...headers, 'lettr-signature': 'abc' }, secret, { now: NOW }), { ok: false, reason: 'signature_mismatch' });
});

test('verifyWebhook checks the Standard Webhooks timestamp and signature when present', () => {
  const secret = generateSecret();
  const headers = { ...signRequest(body, 'msg_4', nowSeconds, [secret]) };
  assert.ok(verifyWebhook(body, headers, secret, { now: NOW + 299_000 }).ok);
  assert.deepEqual(verifyWebhook(body, headers, secret, { now: NOW + 301_000 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  assert.deepEqual(verifyWebhook(body, headers, secret, { now: NOW - 301_000 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  assert.ok(verifyWebhook(body, headers, secret, { now: NOW + 3_000_000, toleranceSeconds: 3600 }).ok);
  // A replayed body with a fresh timestamp but the old signature: lettr-signature still matches, the standard one does not.
  const replay = { ...headers, 'webhook-timestamp': String(nowSeconds + 600) };
  assert.deepEqual(verifyWebhook(body, replay, secret, { now: NOW + 600_000 }), { ok: false, reason: 'standard_signature_mismatch' });
  const { 'webhook-id': _id, ...partial } = headers;
  assert.deepEqual(verifyWebhook(body, partial, secret, { now: NOW }), { ok: false, reason: 'incomplete_standard_headers' });
  assert.deepEqual(verifyWebhook(body, { ...headers, 'webhook-timestamp': 'soon' }, secret, { now: NOW }), { ok: false, reason: 'invalid_timestamp' });
});

test('verifyWebhook reads Fetch Headers and mixed-case objects and accepts a list of secrets', () => {
  const oldSecret = generateSecret();
  const newSecret = generateSecret();
  const headers = signRequest(body, 'msg_5', nowSeconds, [oldSecret, newSecret]);
  const fetchHeaders = new Headers(Object.entries(headers));
  assert.ok(verifyWebhook(body, fetchHeaders, [newSecret, oldSecret], { now: NOW }).ok);
  const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
  assert.ok(verifyWebhook(body.toString('utf8'), upper, oldSecret, { now: NOW }).ok);
});

test('property: any body signs and verifies, and any single flipped byte is refused', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (bytes, pos) => {
      const secret = generateSecret();
      const payload = Buffer.from(JSON.stringify([{ msys: { message_event: { b: Buffer.from(bytes).toString('base64') } } }]));
      const headers = { ...signRequest(payload, 'msg_p', nowSeconds, [secret]) };
      assert.ok(verifyWebhook(payload, headers, secret, { now: NOW }).ok);
      const flipped = Buffer.from(payload);
      const i = pos % flipped.length;
      flipped[i] = flipped[i]! ^ 0x01;
      assert.equal(verifyWebhook(flipped, headers, secret, { now: NOW }).ok, false);
    }),
    { numRuns: 200 },
  );
});

test('verifyWebhook is strict by default: a request without the Standard Webhooks id and timestamp is refused unless replay protection is explicitly off', () => {
  const secret = generateSecret();
  const signed = { ...signRequest(body, 'msg_s', nowSeconds, [secret]) };
  const lettrOnly = { 'lettr-signature': signed['lettr-signature'] };
  assert.deepEqual(verifyWebhook(body, lettrOnly, secret, { now: NOW }), { ok: false, reason: 'missing_standard_headers' });
  assert.ok(verifyWebhook(body, lettrOnly, secret, { now: NOW, replayProtection: false }).ok);
  // Opting out does not switch the checks off for headers that are present.
  assert.deepEqual(verifyWebhook(body, signed, secret, { now: NOW + 600_000, replayProtection: false }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  // The tolerance window cannot be opened wide by accident.
  for (const toleranceSeconds of [Infinity, Number.NaN, 0, -5, 10 * 86_400]) {
    assert.deepEqual(verifyWebhook(body, signed, secret, { now: NOW, toleranceSeconds }), { ok: false, reason: 'invalid_options' });
  }
});

test('verifyWebhook answers a missing or empty secret with an error result, never a TypeError and never a pass', () => {
  // An attacker who guesses that the receiver's secret is unset signs with the empty key.
  const forged = { ...signRequest(body, 'msg_e', nowSeconds, ['']) };
  const unset = (process.env as Record<string, string | undefined>).LETTR_TEST_SURELY_UNSET_SECRET;
  for (const secret of ['', '   ', 'whsec_', undefined, null, unset, [], [undefined], ['', null]] as const) {
    let result: unknown;
    assert.doesNotThrow(() => { result = verifyWebhook(body, forged, secret as never, { now: NOW }); });
    assert.deepEqual(result, { ok: false, reason: 'missing_secret' }, `secret ${JSON.stringify(secret)}`);
  }
  // A list with one unset entry still verifies with the other.
  const secret = generateSecret();
  assert.ok(verifyWebhook(body, { ...signRequest(body, 'msg_f', nowSeconds, [secret]) }, [secret, undefined], { now: NOW }).ok);
});

test('verifyWebhook answers a body that is not raw bytes, or absent headers, with an error result', () => {
  const secret = generateSecret();
  const headers = { ...signRequest(body, 'msg_g', nowSeconds, [secret]) };
  assert.deepEqual(verifyWebhook(JSON.parse(body.toString()) as never, headers, secret, { now: NOW }), { ok: false, reason: 'invalid_body' });
  assert.deepEqual(verifyWebhook(undefined as never, headers, secret, { now: NOW }), { ok: false, reason: 'invalid_body' });
  assert.deepEqual(verifyWebhook(body, undefined as never, secret, { now: NOW }), { ok: false, reason: 'missing_signature' });
});
