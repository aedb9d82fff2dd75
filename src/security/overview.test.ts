import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS, daySeries, markSpikes, recipientDomain } from './overview.js';

test('daySeries zero-fills UTC days, oldest first, ending today', () => {
  const today = Math.floor(Date.parse('2026-12-02T10:00:00Z') / DAY_MS);
  const s = daySeries(new Map([[today, 5], [today - 2, 1]]), today, 3);
  assert.deepEqual(s.map((d) => [d.day, d.count]), [['2026-11-30', 1], ['2026-12-01', 0], ['2026-12-02', 5]]);
});

test('a day above mean + 3σ of the previous 14 (and 10 above the mean) is a spike; noise is not', () => {
  const base = [20, 22, 19, 21, 20, 18, 23, 20, 21, 19, 22, 20, 21, 20];
  const days = (counts: number[]) => counts.map((count, i) => ({ day: `d${i}`, count }));
  const [spike] = markSpikes(days([60]), base);
  assert.equal(spike!.spike, true);
  assert.ok(spike!.baseline_threshold! > 20 && spike!.baseline_threshold! < 60);
  assert.equal(markSpikes(days([25]), base)[0]!.spike, false, 'inside 3σ');
  assert.equal(markSpikes(days([8]), new Array(14).fill(0))[0]!.spike, false, 'a flat zero baseline needs 10 above the mean');
  assert.equal(markSpikes(days([11]), new Array(14).fill(0))[0]!.spike, true);
  assert.deepEqual(markSpikes(days([500]), [1, 2]).map((d) => [d.spike, d.baseline_mean]), [[false, null]], 'no full baseline, no verdict');
});

test('recipientDomain', () => {
  assert.equal(recipientDomain('A@Example.COM'), 'example.com');
  assert.equal(recipientDomain('"x@y"@b.org'), 'b.org');
  assert.equal(recipientDomain('nobody'), null);
  assert.equal(recipientDomain('x@'), null);
});
