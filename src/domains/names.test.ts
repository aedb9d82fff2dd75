import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApexDomain, isValidDomainName, normaliseDomain, organisationalDomain, publicSuffix } from './names.js';

test('accepts LDH domain names and rejects the rest (contract pattern, 255 max)', () => {
  for (const ok of ['example.com', 'mail.example.co.uk', 'a-b.example.io', 'x1.example.com', 'EXAMPLE.COM']) assert.ok(isValidDomainName(ok), ok);
  const bad = ['', 'example', 'example.c', '-a.example.com', 'a-.example.com', 'exa mple.com', 'example.com.', 'ex_ample.com',
    'example.123', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 42, null, 'http://example.com'];
  for (const value of bad) assert.equal(isValidDomainName(value), false, String(value));
  assert.equal(isValidDomainName(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.com`), true);
});

test('normalises case and a trailing dot', () => {
  assert.equal(normaliseDomain(' Mail.Example.COM. '), 'mail.example.com');
});

test('organisational domain: last two labels, three under a known second-level suffix', () => {
  assert.equal(organisationalDomain('example.com'), 'example.com');
  assert.equal(organisationalDomain('mail.example.com'), 'example.com');
  assert.equal(organisationalDomain('a.b.mail.example.com'), 'example.com');
  assert.equal(organisationalDomain('mail.example.co.uk'), 'example.co.uk');
  assert.equal(organisationalDomain('example.co.uk'), 'example.co.uk');
  assert.equal(organisationalDomain('news.shop.com.au'), 'shop.com.au');
  assert.equal(publicSuffix('mail.example.co.uk'), 'co.uk');
  assert.equal(publicSuffix('mail.example.com'), 'com');
});

test('apex domains are primary; subdomains are not', () => {
  assert.equal(isApexDomain('example.com'), true);
  assert.equal(isApexDomain('example.co.uk'), true);
  assert.equal(isApexDomain('mail.example.com'), false);
  assert.equal(isApexDomain('mail.example.co.uk'), false);
});
