import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canSend, changedStatuses, nextVerifyDelayMs, statusesAfter } from './status.js';
import type { DomainVerification } from './verify.js';

const check = (status: string, conclusive = true) => ({ status, conclusive, record: null, error: null });
const verification = (dkim: [string, boolean], cname: [string, boolean]): DomainVerification => ({
  domain: 'mail.example.com',
  isPrimaryDomain: false,
  dkim: check(...dkim) as DomainVerification['dkim'],
  cname: check(...cname) as DomainVerification['cname'],
  spf: { ...check('valid'), includesUs: true, lookups: 1 } as DomainVerification['spf'],
  dmarc: { ...check('missing'), foundAtDomain: null, policy: null, subdomainPolicy: null, coveredByParentPolicy: false } as DomainVerification['dmarc'],
});

test('can_send needs approval and a valid DKIM record', () => {
  assert.equal(canSend('approved', 'valid'), true);
  assert.equal(canSend('approved', 'invalid'), false);
  assert.equal(canSend('approved', null), false);
  assert.equal(canSend('pending', 'valid'), false);
  assert.equal(canSend('blocked', 'valid'), false);
});

test('conclusive checks replace stored statuses; inconclusive ones keep them', () => {
  const before = { dkim_status: 'valid', cname_status: null, spf_status: 'invalid', dmarc_status: 'valid' };
  const after = statusesAfter(before, verification(['unverified', false], ['invalid', true]));
  assert.deepEqual(after, { dkim_status: 'valid', cname_status: 'invalid', spf_status: 'valid', dmarc_status: 'missing' });
  assert.deepEqual(changedStatuses(before, after), ['cname_status', 'spf_status', 'dmarc_status']);
  assert.deepEqual(changedStatuses(after, after), []);
});

test('re-verification backs off while unverified and settles to daily once verified', () => {
  const unverified = { dkim_status: 'invalid', cname_status: 'invalid', spf_status: null, dmarc_status: null };
  const delays = [0, 1, 2, 3, 4, 5, 6, 20].map((n) => nextVerifyDelayMs(unverified, n) / 60_000);
  assert.deepEqual(delays, [1, 5, 15, 60, 240, 720, 1440, 1440]);
  const verified = { dkim_status: 'valid', cname_status: 'not_applicable', spf_status: 'missing', dmarc_status: 'missing' };
  assert.equal(nextVerifyDelayMs(verified, 0), 24 * 60 * 60_000);
  assert.equal(nextVerifyDelayMs({ ...verified, cname_status: 'invalid' }, 0), 60_000);
  assert.equal(nextVerifyDelayMs(verified, 1, true), 5 * 60_000, 'awaiting new DKIM records after a rotation');
});
