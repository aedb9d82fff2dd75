import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, decideIdempotency, IDEMPOTENCY_TTL_MS, isStorable, readIdempotencyKey, requestFingerprint } from './idempotency.js';

describe('readIdempotencyKey', () => {
  const cases: Array<[string | string[] | undefined, string | null | 'invalid']> = [
    [undefined, null],
    ['order-123', 'order-123'],
    ['  padded  ', 'padded'],
    ['k'.repeat(255), 'k'.repeat(255)],
    ['k'.repeat(256), 'invalid'],
    ['', 'invalid'],
    ['   ', 'invalid'],
    ['naïve', 'invalid'],
    ['a\u0001b', 'invalid'],
    [['a', 'b'], 'invalid'],
  ];
  for (const [header, expected] of cases) {
    it(JSON.stringify(header), () => {
      const reading = readIdempotencyKey(header);
      if (expected === 'invalid') assert.equal(reading.ok, false);
      else assert.deepEqual(reading, { ok: true, key: expected });
    });
  }
});

describe('canonicalJson and requestFingerprint', () => {
  it('sorts keys at every level and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: null }], c: 'é' } }),
      '{"a":{"c":"é","d":[1,{"x":null,"z":1}]},"b":1}');
  });
  it('round-trips any JSON value (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
    }));
  });
  it('key order does not change the fingerprint; any value does (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
      const reversed = Object.fromEntries(Object.entries(dict).reverse());
      assert.equal(requestFingerprint('POST', '/api/emails', dict), requestFingerprint('POST', '/api/emails', reversed));
      const changed = { ...dict, ['\u0000extra']: 1 };
      assert.notEqual(requestFingerprint('POST', '/api/emails', dict), requestFingerprint('POST', '/api/emails', changed));
    }));
  });
  it('the endpoint is part of the fingerprint', () => {
    assert.notEqual(requestFingerprint('POST', '/api/emails', {}), requestFingerprint('POST', '/api/emails/scheduled', {}));
  });
  it('survives 200,000 levels of nesting and a 500,000-element array without throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.equal(requestFingerprint('POST', '/x', deep).length, 64);
    assert.equal(canonicalJson(new Array(500_000).fill(0)).length, 1_000_001);
  });
});

describe('decideIdempotency', () => {
  const now = 1_000_000;
  const stored = { fingerprint: 'f1', status: 200, body: { ok: 1 }, expiresAt: now + 1 };
  it('absent or expired ⇒ proceed', () => {
    assert.deepEqual(decideIdempotency(null, 'f1', now), { kind: 'proceed' });
    assert.deepEqual(decideIdempotency({ ...stored, expiresAt: now }, 'f2', now), { kind: 'proceed' });
  });
  it('same body ⇒ replay the stored response; other body ⇒ mismatch', () => {
    assert.deepEqual(decideIdempotency(stored, 'f1', now), { kind: 'replay', status: 200, body: { ok: 1 } });
    assert.deepEqual(decideIdempotency(stored, 'f2', now), { kind: 'mismatch' });
  });
  it('TTL is 24 h', () => assert.equal(IDEMPOTENCY_TTL_MS, 86_400_000));
  it('stores successes only: refusals are fixed and retried under the same key', () => {
    assert.deepEqual([200, 201, 400, 403, 404, 409, 422, 429, 500, 502].map(isStorable), [true, true, false, false, false, false, false, false, false, false]);
  });
});
