import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRequestId, newRequestId } from './request-id.js';

const fixed = (hex: string) => () => Buffer.from(hex, 'hex');

describe('newRequestId', () => {
  it('is a 19–20 digit decimal uint64', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newRequestId();
      assert.match(id, /^[1-9][0-9]{18,19}$/);
      assert.ok(BigInt(id) < 2n ** 64n && BigInt(id) >= 10n ** 18n);
    }
  });
  it('maps the smallest draw to 10^18 and stays below 2^64 at the top of the span', () => {
    assert.equal(newRequestId(fixed('0000000000000000')), '1000000000000000000');
    const top = 2n ** 64n - (2n ** 64n % (2n ** 64n - 10n ** 18n)) - 1n;
    assert.equal(newRequestId(fixed(top.toString(16).padStart(16, '0'))), (10n ** 18n + (top % (2n ** 64n - 10n ** 18n))).toString());
  });
  it('redraws values in the biased tail (rejection sampling)', () => {
    const draws = [Buffer.from('ffffffffffffffff', 'hex'), Buffer.from('0000000000000005', 'hex')];
    assert.equal(newRequestId(() => draws.shift()!), '1000000000000000005');
  });
  it('1,000 draws are distinct', () => {
    assert.equal(new Set(Array.from({ length: 1000 }, () => newRequestId())).size, 1000);
  });
});

describe('isRequestId', () => {
  it('accepts uint64 decimals only', () => {
    assert.equal(isRequestId('7582751837467401763'), true);
    assert.equal(isRequestId('18446744073709551615'), true);
    assert.equal(isRequestId('18446744073709551616'), false);
    assert.equal(isRequestId('trans-123'), false);
    assert.equal(isRequestId('1 OR 1=1'), false);
    assert.equal(isRequestId(''), false);
  });
});
