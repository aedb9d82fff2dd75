import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canCancel, parseDateTime, scheduleWindowProblem, SCHEDULE_MAX_LEAD_MS, SCHEDULE_MIN_LEAD_MS } from './schedule.js';

describe('parseDateTime', () => {
  const cases: Array<[string, number | null]> = [
    ['2024-01-16T10:00:00Z', Date.UTC(2024, 0, 16, 10)],
    ['2024-01-16T10:00:00+00:00', Date.UTC(2024, 0, 16, 10)],
    ['2024-01-16T10:00:00.250Z', Date.UTC(2024, 0, 16, 10, 0, 0, 250)],
    ['2024-01-16T10:00:00.123456789Z', Date.UTC(2024, 0, 16, 10, 0, 0, 123)],
    ['2024-01-16 10:00', Date.UTC(2024, 0, 16, 10)],
    ['2024-01-16T12:00:00+02:00', Date.UTC(2024, 0, 16, 10)],
    ['2024-01-16T05:30:00-0430', Date.UTC(2024, 0, 16, 10)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2023-02-29T00:00:00Z', null],
    ['2024-13-01T00:00:00Z', null],
    ['2024-01-16T24:00:00Z', null],
    ['2024-01-16', null],
    ['16/01/2024 10:00', null],
    ['2024-01-16T10:00:00Zjunk', null],
    ['', null],
  ];
  for (const [input, expected] of cases) it(JSON.stringify(input), () => assert.equal(parseDateTime(input), expected));
});

describe('scheduling window and cancellation', () => {
  const now = Date.UTC(2026, 0, 1);
  it('bounds are inclusive', () => {
    assert.equal(scheduleWindowProblem(now + SCHEDULE_MIN_LEAD_MS, now), null);
    assert.equal(scheduleWindowProblem(now + SCHEDULE_MAX_LEAD_MS, now), null);
    assert.notEqual(scheduleWindowProblem(now + SCHEDULE_MIN_LEAD_MS - 1, now), null);
    assert.notEqual(scheduleWindowProblem(now + SCHEDULE_MAX_LEAD_MS + 1, now), null);
    assert.notEqual(scheduleWindowProblem(now, now), null);
  });
  it('cancel only while scheduled and before its time', () => {
    const at = now + 60_000;
    assert.equal(canCancel({ state: 'scheduled', scheduledAt: at }, now), true);
    assert.equal(canCancel({ state: 'scheduled', scheduledAt: at }, at), false);
    assert.equal(canCancel({ state: 'scheduled', scheduledAt: at }, at + 1), false);
    assert.equal(canCancel({ state: 'cancelled', scheduledAt: at }, now), false);
    assert.equal(canCancel({ state: 'queued', scheduledAt: null }, now), false);
  });
});
