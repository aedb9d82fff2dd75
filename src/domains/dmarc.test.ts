import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDmarcRecord, parseDmarc } from './dmarc.js';

test('parses policy, subdomain policy and the other tags', () => {
  const parsed = parseDmarc('v=DMARC1; p=Quarantine; sp=reject; pct=50; adkim=s; aspf=r; fo=1:d; ri=86400; rua=mailto:d@example.com,mailto:x@example.net!10m;');
  assert.ok(parsed.ok);
  assert.equal(parsed.policy, 'quarantine');
  assert.equal(parsed.subdomainPolicy, 'reject');
  assert.equal(parsed.tags.pct, '50');
  const plain = parseDmarc('v=DMARC1;p=none');
  assert.ok(plain.ok && plain.subdomainPolicy === null && plain.policy === 'none');
  assert.ok(parseDmarc('v=DMARC1; p=none; future=tag').ok, 'unknown tags are ignored');
});

test('rejects syntax errors with a reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['v=DMARC1; p=maybe', /p= must be/],
    ['v=DMARC1', /p= tag is missing/],
    ['v=DMARC1 p=none', /must start with "v=DMARC1;"/],
    ['p=none; v=DMARC1', /must start/],
    ['v=DMARC1; p=none; pct=120', /pct=/],
    ['v=DMARC1; p=none; sp=all', /sp=/],
    ['v=DMARC1; p=none; rua=dmarc@example.com', /rua=/],
    ['v=DMARC1; p=none; p=reject', /more than once/],
    ['v=DMARC1; p=none; garbage', /not a tag=value/],
    ['v=DMARC1; p=none; adkim=x', /adkim=/],
  ];
  for (const [record, error] of cases) {
    const parsed = parseDmarc(record);
    assert.ok(!parsed.ok, record);
    assert.match(parsed.error, error, record);
  }
});

test('only records starting with v=DMARC1 are DMARC records', () => {
  assert.equal(isDmarcRecord('v=DMARC1; p=none'), true);
  assert.equal(isDmarcRecord('v=DMARC1 p=none'), true);
  assert.equal(isDmarcRecord('v=spf1 -all'), false);
  assert.equal(isDmarcRecord('google-site-verification=abc'), false);
});
