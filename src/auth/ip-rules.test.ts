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

test('rules mean what they show: host bits cleared, /32 and /128 are addresses, IPv6 in canonical form', () => {
  assert.deepEqual(parseIpRules('10.0.0.1/24, 203.0.113.77/32, 2001:DB8:0:0::1/32, 2001:db8::1/128, 198.51.100.9/31'),
    { ok: true, rules: ['10.0.0.0/24', '203.0.113.77', '2001:db8::/32', '2001:db8::1', '198.51.100.8/31'] });
  assert.deepEqual(parseIpRules('10.0.0.1/24, 10.0.0.0/24'), { ok: true, rules: ['10.0.0.0/24'] });
});

test('a /0 is refused unless it is the only rule spelled 0.0.0.0/0 or ::/0, which means any address', () => {
  assert.deepEqual(parseIpRules('0.0.0.0/0'), { ok: true, rules: [] });
  assert.deepEqual(parseIpRules(['::/0']), { ok: true, rules: [] });
  for (const list of [['10.0.0.0/0'], ['0.0.0.0/0', '10.0.0.1'], ['203.0.113.5', '::/0'], ['2001:db8::/0'], ['0.0.0.0/00']]) {
    const r = parseIpRules(list);
    assert.equal(r.ok, false, JSON.stringify(list));
  }
  const r = parseIpRules(['10.0.0.1', '1.2.3.4/0']);
  assert.ok(!r.ok && r.errors[0]!.index === 1 && /admits every address/.test(r.errors[0]!.message));
});

test('leading zeros in a prefix length, zone ids and IPv4-mapped rules are refused', () => {
  for (const bad of ['10.0.0.0/024', '10.0.0.0/08', '2001:db8::/032', 'fe80::1%eth0', '::ffff:10.0.0.1', '::ffff:0:0/96', '010.0.0.1']) {
    assert.equal(parseIpRules([bad]).ok, false, bad);
  }
});

test('an IPv6 rule never admits an IPv4 client, whatever its range', () => {
  for (const rule of ['::/0', '::/1', '::ffff:0:0/96', '::/96']) {
    for (const client of ['203.0.113.1', '::ffff:203.0.113.1']) assert.equal(ipAllowed([rule], client), false, `${rule} ${client}`);
  }
  assert.equal(ipAllowed(['0.0.0.0/0'], '2001:db8::1'), false);
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
  [['10.0.0.1/24'], '10.0.0.200', true],
  [['2001:db8:1:2::/64'], '2001:db8:1:2:ffff::1', true],
  [['2001:db8:1:2::/64'], '2001:db8:1:3::1', false],
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
