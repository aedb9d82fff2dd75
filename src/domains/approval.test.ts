import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreDomainName } from './approval.js';

test('ordinary names keep the full score', () => {
  for (const domain of ['example.com', 'mail.acme.io', 'news.example.co.uk']) {
    assert.deepEqual(scoreDomainName(domain), { score: 100, flagged: false, reasons: [] }, domain);
  }
});

test('suspicious patterns cost 50 once, however many match', () => {
  const one = scoreDomainName('free-offers.com');
  assert.equal(one.score, 50);
  assert.equal(one.flagged, false); // 50 is still approved (≥ 50)
  const many = scoreDomainName('free---offers12345.com');
  assert.equal(many.score, 50);
  assert.match(many.reasons[0]!, /promotional prefix/);
  assert.match(many.reasons[0]!, /consecutive digits/);
  assert.match(many.reasons[0]!, /consecutive hyphens/);
});

test('suspicious and uncommon TLDs stack into review', () => {
  const result = scoreDomainName('mail.offers.xyz');
  assert.equal(result.score, 30); // −50 suspicious TLD, −20 not in the common list
  assert.equal(result.flagged, true);
  assert.equal(scoreDomainName('example.shop').score, 80);
});

test('name length and digit share', () => {
  assert.equal(scoreDomainName('ab.com').score, 80);
  assert.equal(scoreDomainName(`${'a'.repeat(31)}.com`).score, 40); // ≥ 30 letters (−50) and > 30 chars (−10)
  const digits = scoreDomainName('a1234.com'); // > 50 % digits, no 5-digit run
  assert.equal(digits.score, 70);
  assert.equal(scoreDomainName('123456.com').score, 20); // 5 digits in a row (−50) and > 50 % digits (−30)
  assert.equal(scoreDomainName('123456.com').flagged, true);
});
