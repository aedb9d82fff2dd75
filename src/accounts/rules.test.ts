// The pure rules of accounts: the §4.1 matrix, who may manage whom, TOTP steps and drift, recovery-code format and
// normalisation, the password policy, the device label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordProblems } from './passwords.js';
import { mayManageMember, permissionOfRole, roleAllows } from './roles.js';
import { describeDevice } from './sessions.js';
import { digestRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpCode } from './totp.js';

test('role matrix: owner everything, admin all but 2FA requirement and deletion, member only viewing', () => {
  assert.ok(roleAllows('owner', 'team.delete') && roleAllows('owner', 'team.require_two_factor'));
  assert.ok(roleAllows('admin', 'members.invite') && !roleAllows('admin', 'team.delete') && !roleAllows('admin', 'team.require_two_factor'));
  assert.ok(roleAllows('member', 'team.view') && !roleAllows('member', 'team.rename') && !roleAllows('member', 'members.remove'));
  assert.equal(permissionOfRole('member'), 'custom');
  assert.equal(permissionOfRole('admin'), 'full_access');
  assert.ok(mayManageMember('owner', 'admin') && mayManageMember('admin', 'member'));
  assert.ok(!mayManageMember('admin', 'admin') && !mayManageMember('owner', 'owner') && !mayManageMember('member', 'member'));
});

test('TOTP: the matched step, one step of drift either way, nothing further; six digits only', () => {
  const secret = newTotpSecret();
  const now = 1_700_000_015_000;
  const step = Math.floor(now / 30_000);
  assert.equal(matchTotp(secret, totpCode(secret, now), now), step);
  assert.equal(matchTotp(secret, totpCode(secret, now - 30_000), now), step - 1);
  assert.equal(matchTotp(secret, totpCode(secret, now + 30_000), now), step + 1);
  assert.equal(matchTotp(secret, totpCode(secret, now - 90_000), now), null);
  assert.equal(matchTotp(secret, ` ${totpCode(secret, now)}`, now), null);
  assert.equal(matchTotp(secret, '12345', now), null);
});

test('recovery codes: 10 distinct, 80 bits each, typed in any case with or without dashes', () => {
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) assert.match(c, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
  const c = codes[0]!;
  assert.equal(digestRecoveryCode(c.toUpperCase().replace(/-/g, ' ')), digestRecoveryCode(c));
  assert.equal(digestRecoveryCode('short'), null);
});

test('password policy: length bounds and the common-password list, case-insensitively', () => {
  assert.deepEqual(passwordProblems('a long enough passphrase'), []);
  assert.match(passwordProblems('123456789')[0]!, /at least 10/);
  assert.match(passwordProblems('x'.repeat(257))[0]!, /greater than 256/);
  assert.match(passwordProblems('Password123')[0]!, /too common/);
  assert.match(passwordProblems(undefined)[0]!, /required/);
});

test('device label from a User-Agent', () => {
  assert.equal(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15'), 'Safari on macOS');
  assert.equal(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36 Edg/120.0'), 'Edge on Windows');
  assert.equal(describeDevice(null), 'Unknown device');
});
