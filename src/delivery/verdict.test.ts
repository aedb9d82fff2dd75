import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, type AttemptFacts } from './verdict.js';

const facts = (over: Partial<AttemptFacts> = {}): AttemptFacts => ({
  attemptsMade: 1, now: 10_000, injectedAt: 4_000, retrySchedule: [1_000, 2_000], msgSize: 1234, ...over,
});

describe('judge', () => {
  it('delivered → delivery with queue_time and TLS flag', () => {
    const v = judge({ kind: 'delivered', reply: '250 ok', tls: true, remoteHost: 'mx.test' }, facts());
    assert.equal(v.status, 'delivered');
    assert.deepEqual(v.fields, { queue_time: 6_000, outbound_tls: '1', delv_method: 'esmtp', msg_size: 1234 });
  });

  it('deferred with retries left → delay and a retry time from the schedule', () => {
    const v = judge({ kind: 'deferred', rawReason: '451 4.3.0 later', errorCode: '451', bounceClass: 70, retryAfterMs: null, tls: false }, facts({ attemptsMade: 2 }));
    assert.equal(v.status, 'deferred');
    assert.equal(v.retryAt, 12_000);
    assert.deepEqual(v.fields, {
      reason: '451 4.3.0 later', raw_reason: '451 4.3.0 later', error_code: '451', bounce_class: 70,
      num_retries: 1, queue_time: 6_000, outbound_tls: '0',
    });
  });

  it('deferred after the last retry → bounce with the last class, not suppressed when soft', () => {
    const v = judge({ kind: 'deferred', rawReason: '421 4.7.0 busy', errorCode: '421', bounceClass: 20, retryAfterMs: null, tls: false }, facts({ attemptsMade: 3 }));
    assert.equal(v.status, 'bounced');
    assert.equal(v.suppress, false);
    assert.equal(v.fields.num_retries, 2);
    assert.equal(v.fields.bounce_class, 20);
  });

  it('hard bounce suppresses, soft bounce does not', () => {
    const hard = judge({ kind: 'bounced', rawReason: '550 5.1.1 unknown', errorCode: '550', bounceClass: 10 }, facts());
    const soft = judge({ kind: 'bounced', rawReason: '552 5.2.2 full', errorCode: '552', bounceClass: 22 }, facts());
    assert.deepEqual([hard.status, hard.suppress, soft.status, soft.suppress], ['bounced', true, 'bounced', false]);
    assert.deepEqual(hard.fields, { reason: '550 5.1.1 unknown', raw_reason: '550 5.1.1 unknown', error_code: '550', bounce_class: 10, num_retries: 0, device_token: null });
  });
});
