import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerToken, digestKey, digestsEqual, generateKey, looksLikeKey, randomBase62 } from './keys.js';

test('live keys are lttr_ + 64 base62 characters, sandbox keys lttr_sandbox_ + 64', () => {
  const live = generateKey('live');
  assert.match(live.key, /^lttr_[0-9A-Za-z]{64}$/);
  assert.equal(live.key.length, 69);
  assert.equal(live.prefix, live.key.slice(0, 12));
  assert.equal(live.digest, digestKey(live.key));
  const sandbox = generateKey('sandbox');
  assert.match(sandbox.key, /^lttr_sandbox_[0-9A-Za-z]{64}$/);
  assert.equal(sandbox.suffix, sandbox.key.slice(-4));
});

test('keys do not repeat and use the whole alphabet', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(generateKey('live').key);
  assert.equal(seen.size, 200);
  const chars = new Set(randomBase62(20_000));
  assert.equal(chars.size, 62);
});

test('only a Bearer Authorization header carries a key', () => {
  assert.equal(bearerToken('Bearer lttr_abc'), 'lttr_abc');
  assert.equal(bearerToken('bearer lttr_abc'), 'lttr_abc');
  assert.equal(bearerToken('Basic dXNlcjpwYXNz'), null);
  assert.equal(bearerToken(undefined), null);
  assert.equal(bearerToken('lttr_abc'), null);
});

test('malformed tokens are recognised before any lookup', () => {
  const { key } = generateKey('live');
  assert.equal(looksLikeKey(key), true);
  assert.equal(looksLikeKey(`"${key}"`), false);
  assert.equal(looksLikeKey(`${key} `), false);
  assert.equal(looksLikeKey(`le_${key.slice(5)}`), false);
  assert.equal(looksLikeKey(key.slice(0, -1)), false);
});

test('digest comparison is exact', () => {
  const a = digestKey('a');
  assert.equal(digestsEqual(a, digestKey('a')), true);
  assert.equal(digestsEqual(a, digestKey('b')), false);
  assert.equal(digestsEqual(a, a.slice(0, 10)), false);
});
