import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { laneFor, planRecipients } from './plan.js';
import { decideSender } from './sender-domain.js';
import { validateSendRequest } from './validate.js';

function request(body: Record<string, unknown>) {
  const result = validateSendRequest({ from: 'a@example.com', subject: 's', text: 't', ...body }, { now: 0, scheduled: false });
  assert.ok(result.ok);
  return result.request;
}

describe('planRecipients', () => {
  it('suppressed recipients are dropped and counted in rejected (case-insensitive)', () => {
    const plan = planRecipients({ request: request({ to: ['x@example.org', 'Y@Example.org'], bcc: ['z@example.org'] }), sandboxOwner: null, suppressed: new Set(['y@example.org']) });
    assert.deepEqual(plan.recipients.map((r) => [r.email, r.type, r.status]), [
      ['x@example.org', 'to', 'queued'], ['Y@example.org', 'to', 'suppressed'], ['z@example.org', 'bcc', 'queued'],
    ]);
    assert.deepEqual([plan.accepted, plan.rejected], [2, 1]);
  });
  it('all suppressed still plans (the response is a 200 with accepted 0)', () => {
    const plan = planRecipients({ request: request({ to: ['x@example.org'] }), sandboxOwner: null, suppressed: new Set(['x@example.org']) });
    assert.deepEqual([plan.accepted, plan.rejected], [0, 1]);
  });
  it('sandbox: one copy to the key owner, raw address kept', () => {
    const plan = planRecipients({ request: request({ to: ['x@example.org', 'y@example.org'], cc: ['c@example.org'] }), sandboxOwner: 'owner@team.example', suppressed: new Set() });
    assert.deepEqual(plan.recipients, [{ email: 'owner@team.example', rawEmail: 'x@example.org', type: 'to', status: 'queued' }]);
    assert.deepEqual([plan.accepted, plan.rejected], [1, 0]);
  });
  it('lanes follow options.transactional', () => {
    assert.equal(laneFor(request({ to: ['x@example.org'] }).options.transactional), 'transactional');
    assert.equal(laneFor(request({ to: ['x@example.org'], options: { transactional: false } }).options.transactional), 'bulk');
  });
});

describe('decideSender', () => {
  const cases: Array<[string, string | null, { canSend: boolean } | null, 'local' | 'relay' | 'mx', string]> = [
    ['unparseable', null, null, 'local', 'invalid_domain'],
    ['not the team\'s domain', 'example.com', null, 'local', 'unconfigured_domain'],
    ['local: any added domain', 'example.com', { canSend: false }, 'local', 'ok'],
    ['relay: unverified refused', 'example.com', { canSend: false }, 'relay', 'unconfigured_domain'],
    ['mx: unverified refused', 'example.com', { canSend: false }, 'mx', 'unconfigured_domain'],
    ['mx: can send', 'example.com', { canSend: true }, 'mx', 'ok'],
  ];
  for (const [name, domain, found, mode, expected] of cases) it(name, () => assert.equal(decideSender(domain, found, mode).kind, expected));
});
