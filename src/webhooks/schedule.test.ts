import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, shouldDisableAfterExhaustion } from './outcomes.js';
import { durationList } from '../config/parse.js';
import { VARIABLES } from '../config/index.js';
import { maxAttempts, nextAttemptAt } from './schedule.js';
import type { AttemptResult } from './sender.js';

const DEFAULT = VARIABLES.find((v) => v.name === 'LETTR_WEBHOOK_RETRY_SCHEDULE')!.default as string;
const schedule = (durationList(DEFAULT) as { ok: true; value: number[] }).value;
const MIN = 60_000;
const HOUR = 60 * MIN;

test('the default schedule is immediate, 1 m, 5 m, 30 m, 2 h, 8 h, 24 h: seven attempts over about 35 hours', () => {
  assert.deepEqual(schedule, [0, MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 8 * HOUR, 24 * HOUR]);
  assert.equal(maxAttempts(schedule), 7);
  let t = 0;
  for (let made = 0; made < 7; made++) t = nextAttemptAt(schedule, made, t)!;
  assert.equal(t, 36 * MIN + 34 * HOUR);
  assert.equal(nextAttemptAt(schedule, 7, t), null);
});

test('the schedule variable reads units and refuses nonsense', () => {
  assert.deepEqual(durationList('0, 500ms, 2s,1d'), { ok: true, value: [0, 500, 2000, 86_400_000] });
  assert.equal(durationList('').ok, false);
  assert.equal(durationList('1m,soon').ok, false);
  assert.equal(durationList('-1').ok, false);
});

const result = (over: Partial<AttemptResult>): AttemptResult => ({ ok: false, status: null, error: null, responseExcerpt: null, latencyMs: 1, ...over });

test('2xx delivers, 410 is gone, anything else retries until the schedule runs out', () => {
  assert.deepEqual(decide(result({ ok: true, status: 204 }), schedule, 1, 0), { kind: 'delivered' });
  assert.deepEqual(decide(result({ status: 410 }), schedule, 1, 0), { kind: 'gone' });
  assert.deepEqual(decide(result({ status: 500 }), schedule, 1, 1000), { kind: 'retry', at: 1000 + MIN });
  assert.deepEqual(decide(result({ status: 302, error: 'redirect not followed' }), schedule, 2, 0), { kind: 'retry', at: 5 * MIN });
  assert.deepEqual(decide(result({ status: 404 }), schedule, 6, 0), { kind: 'retry', at: 24 * HOUR });
  assert.deepEqual(decide(result({ error: 'timeout' }), schedule, 7, 0), { kind: 'exhausted' });
});

test('sustained failure disables at the threshold; 0 turns it off', () => {
  assert.equal(shouldDisableAfterExhaustion(2, 3), false);
  assert.equal(shouldDisableAfterExhaustion(3, 3), true);
  assert.equal(shouldDisableAfterExhaustion(99, 0), false);
});
