import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_SCHEDULE_MS, decideRetry, maxAttempts } from './retry-policy.js';

describe('decideRetry', () => {
  const now = 1_000_000;
  it('follows the default +5 min, +30 min, +2 h schedule, then gives up', () => {
    assert.deepEqual(decideRetry(DEFAULT_RETRY_SCHEDULE_MS, 1, now), { kind: 'retry', at: now + 300_000 });
    assert.deepEqual(decideRetry(DEFAULT_RETRY_SCHEDULE_MS, 2, now), { kind: 'retry', at: now + 1_800_000 });
    assert.deepEqual(decideRetry(DEFAULT_RETRY_SCHEDULE_MS, 3, now), { kind: 'retry', at: now + 7_200_000 });
    assert.deepEqual(decideRetry(DEFAULT_RETRY_SCHEDULE_MS, 4, now), { kind: 'give_up' });
    assert.equal(maxAttempts(DEFAULT_RETRY_SCHEDULE_MS), 4);
  });
  it('uses a configured schedule', () => {
    assert.deepEqual(decideRetry([0, 10], 2, now), { kind: 'retry', at: now + 10 });
    assert.deepEqual(decideRetry([0, 10], 3, now), { kind: 'give_up' });
    assert.deepEqual(decideRetry([], 1, now), { kind: 'give_up' });
  });
  it('honours a longer server hint only', () => {
    assert.deepEqual(decideRetry([1000], 1, now, 5000), { kind: 'retry', at: now + 5000 });
    assert.deepEqual(decideRetry([1000], 1, now, 10), { kind: 'retry', at: now + 1000 });
  });
  it('gives up on nonsense attempt counts', () => {
    assert.deepEqual(decideRetry([1000], 0, now), { kind: 'give_up' });
  });
});
