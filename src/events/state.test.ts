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
  it('not injected: submitted before its time, generating once due', () => {
    assert.equal(deriveScheduledState({ now, scheduledAt: now + 1, injected: false, types: [] }), 'submitted');
    assert.equal(deriveScheduledState({ now, scheduledAt: now, injected: false, types: [] }), 'generating');
  });
  it('injected: the derived state of its events', () => {
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, injected: true, types: ['injection', 'delay'] }), 'scheduled');
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, injected: true, types: ['injection', 'delivery'] }), 'delivered');
    assert.equal(deriveScheduledState({ now, scheduledAt: now - 1, injected: true, types: ['injection', 'bounce'] }), 'bounced');
  });
});
