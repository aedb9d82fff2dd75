import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliverLeaseMs } from './jobs.js';

test('the delivery lease is twice the SMTP timeout, at least 5 s and at most 15 s (the heartbeat covers longer attempts)', () => {
  assert.equal(deliverLeaseMs(1_000), 5_000);
  assert.equal(deliverLeaseMs(4_000), 8_000);
  assert.equal(deliverLeaseMs(60_000), 15_000);
});
