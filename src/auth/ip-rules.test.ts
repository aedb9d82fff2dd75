import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipAllowed, parseIpRules } from './ip-rules.js';

test('entries: addresses and CIDR ranges of both families, comma-separated with spaces', () => {
  assert.deepEqual(parseIpRules('203.0.113.50, 198.51.100.0/24, 10.0.0.1'), { ok: true, rules: ['203.0.113.50', '198.51.100.0/24', '10.0.0.1'] });
  assert.deepEqual(parseIpRules(['2001:DB8::1', '2001:db8:abcd::/48']), { ok: true, rules: ['2001:db8::1', '2001:db8:abcd::/48'] });
});

test('malformed entries are refused with their position', () => {
  for (const bad of ['300.1.1.1', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', 'example.com', '10.0.0.1/24/3', '1.2.3', '10.0.0.0/-1', '::1/x']) {
    const r = parseIpRules(['10.0.0.1', bad]);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.equal(r.errors[0]!.index, 1);
  }
});

const cases: Array<[string[], string, boolean]> = [
  [[], '198.51.100.7', true],
  [['203.0.113.50'], '203.0.113.50', true],
  [['203.0.113.50'], '203.0.113.51', false],
  [['198.51.100.0/24'], '198.51.100.0', true],
  [['198.51.100.0/24'], '198.51.100.255', true],
  [['198.51.100.0/24'], '198.51.101.0', false],
  [['198.51.100.0/24'], '198.51.99.255', false],
  [['10.0.0.0/8'], '10.255.255.255', true],
  [['203.0.113.50/32'], '203.0.113.50', true],
  [['203.0.113.50/32'], '203.0.113.49', false],
  [['0.0.0.0/0'], '8.8.8.8', true],
  [['203.0.113.50'], '::ffff:203.0.113.50', true],
  [['2001:db8::/32'], '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
  [['2001:db8::/32'], '2001:db9::', false],
  [['2001:db8::1'], '2001:0db8:0000:0000:0000:0000:0000:0001', true],
  [['2001:db8::1'], '2001:db8::2', false],
  [['::1/128'], '::1', true],
  [['203.0.113.0/24'], '2001:db8::1', false],
  [['2001:db8::/32'], '203.0.113.1', false],
  [['203.0.113.0/24'], 'not-an-ip', false],
];

for (const [rules, ip, expected] of cases) {
  test(`${JSON.stringify(rules)} ${expected ? 'admits' : 'refuses'} ${ip}`, () => {
    assert.equal(ipAllowed(rules, ip), expected);
  });
}
