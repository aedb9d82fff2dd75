import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSlug, slugify, uniqueSlug } from './slug.js';

describe('template slugs', () => {
  const cases: [string, string][] = [
    ['Welcome Email', 'welcome-email'],
    ['  Ünïcödé Ñame!! ', 'unicode-name'],
    ['Order #123 — shipped', 'order-123-shipped'],
    ['***', 'template'],
    ['', 'template'],
    ['a'.repeat(400), 'a'.repeat(249)],
  ];
  for (const [name, slug] of cases) it(`${JSON.stringify(name.slice(0, 20))} → ${slug.slice(0, 20)}`, () => assert.equal(slugify(name), slug));

  it('collisions get -2, -3 …', () => {
    assert.equal(uniqueSlug('welcome', new Set()), 'welcome');
    assert.equal(uniqueSlug('welcome', new Set(['welcome'])), 'welcome-2');
    assert.equal(uniqueSlug('welcome', new Set(['welcome', 'welcome-2', 'welcome-3'])), 'welcome-4');
  });

  it('never hands out the fixed route name "html"', () => {
    assert.equal(uniqueSlug('html', new Set()), 'html-2');
    assert.equal(isValidSlug('html'), false);
  });

  it('explicit slugs', () => {
    assert.equal(isValidSlug('welcome-email_v2.1'), true);
    for (const bad of ['', '-x', 'a b', 'a/b', 'é', 'x'.repeat(256)]) assert.equal(isValidSlug(bad), false, bad);
  });
});
