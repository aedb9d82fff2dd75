import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grants, sandboxAllows, SCOPES, scopesOf } from './scopes.js';

test('15 scopes; Full Access holds all, Sending Only the three send scopes', () => {
  assert.equal(SCOPES.length, 15);
  assert.deepEqual([...scopesOf('full_access', [])], [...SCOPES]);
  assert.deepEqual([...scopesOf('sending_only', ['domains:read'])], ['emails:send', 'sms:send', 'whatsapp:send']);
  assert.deepEqual([...scopesOf('custom', ['domains:read', 'bogus'])], ['domains:read']);
});

test('grants', () => {
  assert.equal(grants('sending_only', [], 'emails:send'), true);
  assert.equal(grants('sending_only', [], 'emails:read'), false);
  assert.equal(grants('custom', ['templates:read'], 'templates:write'), false);
  assert.equal(grants('custom', [], 'any'), true);
});

test('sandbox keys send and read, nothing else', () => {
  assert.equal(sandboxAllows('emails:send'), true);
  assert.equal(sandboxAllows('domains:read'), true);
  assert.equal(sandboxAllows('any'), true);
  for (const s of ['domains:write', 'templates:write', 'webhooks:write', 'sms:send', 'whatsapp:send', 'audience:write', 'campaigns:write'] as const) {
    assert.equal(sandboxAllows(s), false, s);
  }
});
