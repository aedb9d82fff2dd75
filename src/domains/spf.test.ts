import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costsLookup, isSpfRecord, parseSpf } from './spf.js';

test('parses mechanisms with qualifiers, targets and prefix lengths', () => {
  const parsed = parseSpf('v=spf1 +a mx:mail.example.com/24//64 ip4:192.0.2.0/24 ip6:2001:db8::/32 -include:_spf.example.net ~exists:%{i}.x.example.com ?ptr redirect=_spf.example.org exp=explain.example.com ~all');
  assert.ok(parsed.ok);
  const [a, mx, ip4, ip6, include] = parsed.terms;
  assert.deepEqual(a, { kind: 'mechanism', qualifier: '+', name: 'a', target: null, cidr4: null, cidr6: null });
  assert.deepEqual(mx, { kind: 'mechanism', qualifier: '+', name: 'mx', target: 'mail.example.com', cidr4: 24, cidr6: 64 });
  assert.deepEqual(ip4, { kind: 'mechanism', qualifier: '+', name: 'ip4', target: '192.0.2.0', cidr4: 24, cidr6: null });
  assert.deepEqual(ip6, { kind: 'mechanism', qualifier: '+', name: 'ip6', target: '2001:db8::', cidr4: null, cidr6: 32 });
  assert.equal(include?.kind === 'mechanism' && include.qualifier, '-');
  assert.equal(parsed.terms.filter(costsLookup).length, 6); // a, mx, include, exists, ptr, redirect
});

test('rejects what RFC 7208 calls a permerror', () => {
  const cases: Array<[string, RegExp]> = [
    ['v=spf1 ip4:300.1.1.1 -all', /not an IPv4/],
    ['v=spf1 ip4:192.0.2.0/33 -all', /longer than 32/],
    ['v=spf1 ip6:192.0.2.1 -all', /not an IPv6/],
    ['v=spf1 include -all', /needs a domain/],
    ['v=spf1 include:nodot -all', /needs a domain/],
    ['v=spf1 all:example.com', /takes no argument/],
    ['v=spf1 foo:bar -all', /unknown term/],
    ['v=spf1 redirect=a.example.com redirect=b.example.com', /more than once/],
    ['v=spf1 include:a.example.com/24 -all', /no prefix length/],
  ];
  for (const [record, error] of cases) {
    const parsed = parseSpf(record);
    assert.ok(!parsed.ok, record);
    assert.match(parsed.error, error, record);
  }
  assert.ok(parseSpf('v=spf1 custom-modifier=anything -all').ok, 'unknown modifiers are allowed (§6)');
});

test('recognises SPF records by version tag only', () => {
  assert.equal(isSpfRecord('v=spf1 -all'), true);
  assert.equal(isSpfRecord('V=SPF1'), true);
  assert.equal(isSpfRecord('v=spf10 -all'), false);
  assert.equal(isSpfRecord('v=DMARC1; p=none'), false);
});
