import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventType } from './model.js';
import { deriveEmailState, deriveScheduledState } from './state.js';

describe('deriveEmailState (spec §4)', () => {
  const cases: Array<[EventType[], string]> = [
    [['injection'], 'scheduled'],
    [['injection', 'delay'], 'scheduled'],
    [['injection', 'delivery'], 'delivered'],
    [['injection', 'bounce', 'delivery'], 'delivered'],
    [['injection', 'bounce'], 'bounced'],
    [['injection', 'out_of_band'], 'bounced'],
    [['injection', 'policy_rejection', 'bounce'], 'bounced'],
    [['injection', 'generation_failure'], 'failed'],
    [['injection', 'generation_rejection'], 'failed'],
    [['injection', 'policy_rejection'], 'failed'],
    [['injection', 'delivery', 'open', 'click'], 'delivered'],
    [[], 'scheduled'],
  ];
  for (const [types, expected] of cases) it(`${types.join('+') || 'none'} ⇒ ${expected}`, () => assert.equal(deriveEmailState(types), expected));
});

describe('deriveScheduledState (spec §3)', () => {
  const now = 1_000_000;
  it('before its time ⇒ submitted, whatever the events', () => {
    assert.equal(deriveScheduledState({ now, scheduledAt: now + 1, attempted: false, types: ['injection'] }), 'submitted');
  });
  it('due, nobody attempted yet ⇒ generating', () => {
    assert.equal(deriveScheduledState({ now, scheduledAt: now, attempted: false, types: ['injection'] }), 'generating');
  });
  it('attempted without a final event ⇒ scheduled; final events ⇒ derived', () => {
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, attempted: true, types: ['injection', 'delay'] }), 'scheduled');
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, attempted: true, types: ['injection', 'delivery'] }), 'delivered');
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, attempted: true, types: ['injection', 'bounce'] }), 'bounced');
  });
});
