import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageIdFor, newVerpToken, parseVerpAddress, verpAddress } from './verp.js';

describe('verp', () => {
  it('round-trips a token through the envelope sender', () => {
    const token = newVerpToken();
    assert.match(token, /^[0-9a-f]{24}$/);
    assert.notEqual(token, newVerpToken());
    const address = verpAddress(token, 'bounce.lettr.test');
    assert.equal(address, `bounces+${token}@bounce.lettr.test`);
    assert.equal(parseVerpAddress(address), token);
    assert.equal(parseVerpAddress(address.toUpperCase()), token);
  });
  it('refuses other addresses', () => {
    for (const a of ['user@example.test', 'bounces@example.test', 'bounces+xyz@example.test', 'bounces+', 'nope']) {
      assert.equal(parseVerpAddress(a), null, a);
    }
  });
  it('builds a stable Message-ID', () => {
    assert.equal(messageIdFor('7582751837467401763', 42, 'lettr.test'), '<7582751837467401763.42@lettr.test>');
  });
});
