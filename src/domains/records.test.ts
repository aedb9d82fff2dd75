import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsToPublish, spfMechanisms, usesBounceCname } from './records.js';

const keys = [
  { selector: 'lettr2611', algorithm: 'rsa-sha256' as const, publicKey: 'MIIBrsa' },
  { selector: 'lettr2611e', algorithm: 'ed25519-sha256' as const, publicKey: 'ed25519key' },
];
const identity = { bounceDomain: 'bounce.mailer.example.net', spfInclude: '_spf.mailer.example.net', sendingIps: ['192.0.2.1'] };

test('a subdomain publishes DKIM, the bounce CNAME and DMARC, with our configured hostnames', () => {
  assert.deepEqual(recordsToPublish('mail.example.com', keys, identity).map(({ note: _note, ...r }) => r), [
    { purpose: 'dkim', type: 'TXT', name: 'lettr2611._domainkey.mail.example.com', value: 'v=DKIM1; k=rsa; h=sha256; p=MIIBrsa' },
    { purpose: 'dkim', type: 'TXT', name: 'lettr2611e._domainkey.mail.example.com', value: 'v=DKIM1; k=ed25519; p=ed25519key' },
    { purpose: 'return_path', type: 'CNAME', name: 'mail.example.com', value: 'bounce.mailer.example.net' },
    { purpose: 'dmarc', type: 'TXT', name: '_dmarc.mail.example.com', value: 'v=DMARC1; p=none; rua=mailto:dmarc@mail.example.com' },
  ]);
});

test('an apex domain publishes SPF with our include instead of a CNAME (spec §6.3)', () => {
  const records = recordsToPublish('example.com', keys.slice(0, 1), identity);
  assert.deepEqual(records.map((r) => [r.purpose, r.type, r.name, r.value]), [
    ['dkim', 'TXT', 'lettr2611._domainkey.example.com', 'v=DKIM1; k=rsa; h=sha256; p=MIIBrsa'],
    ['spf', 'TXT', 'example.com', 'v=spf1 include:_spf.mailer.example.net ~all'],
    ['dmarc', 'TXT', '_dmarc.example.com', 'v=DMARC1; p=none; rua=mailto:dmarc@example.com'],
  ]);
});

test('without an include, SPF lists the sending addresses; without a bounce domain, subdomains use SPF too', () => {
  const ipsOnly = { bounceDomain: null, spfInclude: null, sendingIps: ['192.0.2.1', '2001:db8::25'] };
  assert.deepEqual(spfMechanisms(ipsOnly), ['ip4:192.0.2.1', 'ip6:2001:db8::25']);
  assert.equal(usesBounceCname('mail.example.com', ipsOnly), false);
  const spf = recordsToPublish('mail.example.com', [], ipsOnly).find((r) => r.purpose === 'spf');
  assert.equal(spf?.value, 'v=spf1 ip4:192.0.2.1 ip6:2001:db8::25 ~all');
  const nothing = recordsToPublish('example.com', [], { bounceDomain: null, spfInclude: null, sendingIps: [] });
  assert.deepEqual(nothing.map((r) => r.purpose), ['dmarc']);
});
