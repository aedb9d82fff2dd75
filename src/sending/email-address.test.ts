import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asciiDomain, emailDomain, isValidEmail, normalizedAddress } from './email-address.js';

describe('isValidEmail', () => {
  const valid = ['a@example.com', "o'brien+tag@mail.example.co.uk", 'x_y.z@sub-domain.example', 'first.last@xn--bcher-kva.example', 'k@bücher.example'];
  const invalid = [
    '', 'plain', '@example.com', 'a@', 'a@localhost', 'a@example.123', 'a..b@example.com', '.a@example.com', 'a.@example.com',
    '"quoted"@example.com', 'a@[127.0.0.1]', 'a b@example.com', 'a@exa mple.com', 'a@-example.com', 'a@example-.com',
    'a@example.com\r\nBcc: b@example.com', 'a@example.com\n', 'ü@example.com', `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`, 'a@b@example.com', 'a<b>@example.com', 'a,b@example.com',
  ];
  for (const address of valid) it(`accepts ${address}`, () => assert.equal(isValidEmail(address), true));
  for (const address of invalid) it(`refuses ${JSON.stringify(address)}`, () => assert.equal(isValidEmail(address), false));
});

describe('domains and normalization', () => {
  it('asciiDomain lower-cases and punycodes', () => {
    assert.equal(asciiDomain('Example.COM'), 'example.com');
    assert.equal(asciiDomain('bücher.example'), 'xn--bcher-kva.example');
    assert.equal(asciiDomain('[1.2.3.4]'), null);
  });
  it('emailDomain is null for an unparseable sender (invalid_domain)', () => {
    assert.equal(emailDomain('noreply@Mail.Example.com'), 'mail.example.com');
    assert.equal(emailDomain('no-at-sign'), null);
  });
  it('normalizedAddress is case-insensitive', () => {
    assert.equal(normalizedAddress('John.Doe@Example.COM'), normalizedAddress('john.doe@example.com'));
  });
});
