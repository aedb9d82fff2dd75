import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursor', () => {
  it('round-trips any position (property)', () => {
    fc.assert(fc.property(fc.nat({ max: 2 ** 52 }), fc.nat({ max: 2 ** 52 }), (createdAt, id) => {
      assert.deepEqual(decodeCursor(encodeCursor({ createdAt, id })), { createdAt, id });
    }));
  });
  it('refuses what we did not issue', () => {
    for (const bad of ['', 'not base64!', Buffer.from('1.2.3').toString('base64url'), Buffer.from('-1.2').toString('base64url'),
      Buffer.from("1.2' OR 1=1").toString('base64url'), Buffer.from('99999999999999999.1').toString('base64url'), 'A'.repeat(65)]) {
      assert.equal(decodeCursor(bad), null, bad);
    }
  });
});
