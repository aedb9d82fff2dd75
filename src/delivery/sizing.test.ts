import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDeliveryConcurrency } from './sizing.js';

const GB = 1024 ** 3;

describe('defaultDeliveryConcurrency', () => {
  it('scales with cores, bounded by memory and a ceiling', () => {
    assert.deepEqual(defaultDeliveryConcurrency(2, 16 * GB), { transactional: 32, bulk: 16 });
    assert.deepEqual(defaultDeliveryConcurrency(64, 512 * GB), { transactional: 256, bulk: 128 });
    assert.deepEqual(defaultDeliveryConcurrency(8, 1 * GB), { transactional: 32, bulk: 16 });
    assert.deepEqual(defaultDeliveryConcurrency(8, 512 * 1024 ** 2), { transactional: 16, bulk: 8 });
  });
  it('never goes below a working minimum', () => {
    assert.deepEqual(defaultDeliveryConcurrency(0, 0), { transactional: 4, bulk: 2 });
  });
});
