import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyAddress } from './address-class.js';

const CASES: [string, string][] = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['93.184.216.34', 'public'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['169.254.0.1', 'link_local'],
  ['169.254.169.254', 'cloud_metadata'],
  ['169.254.170.2', 'cloud_metadata'],
  ['100.100.100.200', 'cloud_metadata'],
  ['192.0.0.192', 'cloud_metadata'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.1', 'public'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.10', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'cloud_metadata'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'cloud_metadata'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b:1::1', 'private'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:0808:0808::1', 'public'],
  ['fe80::1', 'link_local'],
  ['fe80::1%eth0', 'link_local'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fd00:ec2::254', 'cloud_metadata'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['3fff::1', 'reserved'],
  ['100::1', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['2a00:1450:4001:81b::200e', 'public'],
  ['localhost', 'invalid'],
  ['999.1.1.1', 'invalid'],
  ['', 'invalid'],
];

test('classifyAddress puts each address in its range', () => {
  for (const [addr, expected] of CASES) assert.equal(classifyAddress(addr), expected, addr);
});

test('only addresses inside 2000::/3 or outside every IPv4 special range are public', () => {
  assert.equal(classifyAddress('4000::1'), 'reserved');
  assert.equal(classifyAddress('1fff:ffff::1'), 'reserved');
  assert.equal(classifyAddress('2400:cb00::1'), 'public');
});
