// POST /api/domains/{domain}/verify against a real DNS server on loopback: every record valid, each one missing or
// wrong, SPF over the lookup limit, DMARC only on the parent, and a resolver that never answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { listAudit } from '../../src/audit/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

interface PublishedRecord { purpose: string; type: 'TXT' | 'CNAME'; name: string; value: string }

forEachDatabase('domain verification', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let team: number;
  let key: string;
  const records = new Map<string, PublishedRecord[]>();

  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), {
      LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '150ms',
      LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test', LETTR_SPF_INCLUDE: '_spf.lettr.test',
    });
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    for (const domain of ['mail.example.com', 'example.net', 'news.example.org']) {
      assert.equal((await h.api.post('/api/domains', key, { domain })).status, 201);
      records.set(domain, (await h.api.get(`/api/domains/${domain}`, key)).json.data.dns.records);
    }
  });
  after(async () => {
    await h.close();
    await dns.close();
  });
  // What the operator publishes once for the deployment (README): the SPF include and the bounce domain's SPF.
  const resetDns = () => {
    dns.reset();
    dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
    dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
  };
  beforeEach(resetDns);

  const publish = (domain: string, skip: string[] = []) => {
    for (const r of records.get(domain)!) if (!skip.includes(r.purpose)) dns.set(r.name, r.type, r.value);
  };
  const verify = async (domain: string) => {
    const r = await h.api.post(`/api/domains/${domain}/verify`, key, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.message, 'Domain verification completed.');
    return r.json.data;
  };
  const statuses = (d: any) => [d.dkim_status, d.cname_status, d.spf_status, d.dmarc_status];

  test('all records valid: every status valid, can_send true, the change audited', async () => {
    publish('mail.example.com');
    const v = await verify('mail.example.com');
    assert.deepEqual(statuses(v), ['valid', 'valid', 'valid', 'valid']);
    assert.deepEqual([v.ownership_verified, v.is_primary_domain], ['true', false]);
    assert.deepEqual(v.dns, {
      dkim_record: records.get('mail.example.com')![0]!.value, cname_record: 'bounce.lettr.test', dkim_error: null, cname_error: null,
      dmarc_record: 'v=DMARC1; p=none; rua=mailto:dmarc@mail.example.com', dmarc_error: null,
      spf_record: 'v=spf1 include:_spf.lettr.test -all', spf_error: null,
    });
    assert.deepEqual(v.spf, { is_valid: true, status: 'valid', record: 'v=spf1 include:_spf.lettr.test -all', error: null, includes_sparkpost: true });
    assert.deepEqual(v.dmarc, { is_valid: true, status: 'valid', found_at_domain: 'mail.example.com', record: 'v=DMARC1; p=none; rua=mailto:dmarc@mail.example.com',
      policy: 'none', subdomain_policy: null, error: null, covered_by_parent_policy: false });
    const shown = (await h.api.get('/api/domains/mail.example.com', key)).json.data;
    assert.deepEqual([shown.can_send, ...statuses(shown)], [true, 'valid', 'valid', 'valid', 'valid']);
    const [event] = await listAudit(h.ctx.db.kysely, team, { action: 'domain.verification_changed' });
    assert.deepEqual(event!.details.can_send, { before: false, after: true });
    assert.deepEqual(event!.details.before, { dkim_status: null, cname_status: null, spf_status: null, dmarc_status: null });
  });

  test('each record missing fails only its own check, with the contract\'s error texts', async () => {
    publish('mail.example.com', ['dkim']);
    const noDkim = await verify('mail.example.com');
    assert.deepEqual(statuses(noDkim), ['invalid', 'valid', 'valid', 'valid']);
    const selector = records.get('mail.example.com')![0]!.name.split('.')[0];
    assert.equal(noDkim.dns.dkim_error, `DNS DKIM query error: dns lookup failed for ${selector}._domainkey.mail.example.com: no TXT records found`);
    assert.equal(noDkim.ownership_verified, null);
    assert.equal((await h.api.get('/api/domains/mail.example.com', key)).json.data.can_send, false, 'DKIM gone: sending stops');

    resetDns();
    publish('mail.example.com', ['return_path']);
    const noCname = await verify('mail.example.com');
    assert.deepEqual(statuses(noCname), ['valid', 'invalid', 'missing', 'valid']);
    assert.equal(noCname.dns.cname_error, 'DNS CNAME query error: No CNAME records retrieved');

    publish('mail.example.com');
    dns.remove('_dmarc.mail.example.com');
    const noDmarc = await verify('mail.example.com');
    assert.deepEqual(statuses(noDmarc), ['valid', 'valid', 'valid', 'missing']);
    assert.equal(noDmarc.dns.dmarc_error, 'No DMARC record found for mail.example.com or its parent domain.');
    assert.deepEqual(noDmarc.dmarc, { is_valid: false, status: 'missing', found_at_domain: null, record: null, policy: null,
      subdomain_policy: null, error: 'No DMARC record found for mail.example.com or its parent domain.', covered_by_parent_policy: false });
  });

  test('a DKIM record with another key is invalid', async () => {
    publish('mail.example.com');
    const otherKey = records.get('example.net')![0]!.value;
    dns.set(records.get('mail.example.com')![0]!.name, 'TXT', otherKey);
    const v = await verify('mail.example.com');
    assert.equal(v.dkim_status, 'invalid');
    assert.match(v.dns.dkim_error, /the public key does not match this domain's key\.$/);
  });

  test('apex SPF without our include, and SPF over 10 lookups, are invalid', async () => {
    publish('example.net');
    assert.deepEqual(statuses(await verify('example.net')), ['valid', 'not_applicable', 'valid', 'valid']);
    dns.set('example.net', 'TXT', 'v=spf1 include:_spf.google.test ~all');
    dns.set('_spf.google.test', 'TXT', 'v=spf1 ip4:198.51.100.0/24 -all');
    const without = await verify('example.net');
    assert.equal(without.spf_status, 'invalid');
    assert.deepEqual([without.spf.includes_sparkpost, without.spf.error], [false, 'SPF record does not authorise this server; add include:_spf.lettr.test.']);
    for (let i = 0; i < 10; i++) dns.set(`s${i}.example.net`, 'TXT', 'v=spf1 ip4:203.0.113.1 -all');
    dns.set('example.net', 'TXT', `v=spf1 include:_spf.lettr.test ${Array.from({ length: 10 }, (_, i) => `include:s${i}.example.net`).join(' ')} -all`);
    const tooMany = await verify('example.net');
    assert.deepEqual([tooMany.spf_status, tooMany.spf.includes_sparkpost], ['invalid', true]);
    assert.equal(tooMany.dns.spf_error, 'SPF record needs 11 DNS lookups; at most 10 are allowed (RFC 7208 §4.6.4).');
  });

  test('DMARC only on the parent domain covers the subdomain; a syntax error is invalid', async () => {
    publish('news.example.org', ['dmarc']);
    dns.set('_dmarc.example.org', 'TXT', 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.org');
    const parent = await verify('news.example.org');
    assert.deepEqual(parent.dmarc, { is_valid: true, status: 'valid', found_at_domain: 'example.org', record: 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.org',
      policy: 'reject', subdomain_policy: 'quarantine', error: null, covered_by_parent_policy: true });
    dns.set('_dmarc.example.org', 'TXT', 'v=DMARC1; p=reject; pct=150');
    const broken = await verify('news.example.org');
    assert.deepEqual([broken.dmarc_status, broken.dmarc.is_valid, broken.dmarc.found_at_domain], ['invalid', false, 'example.org']);
    assert.equal(broken.dns.dmarc_error, 'DMARC record at _dmarc.example.org is invalid: pct= must be an integer from 0 to 100.');
  });

  test('a resolver timeout: 200 with clear errors, stored statuses unchanged, nothing audited', async () => {
    publish('mail.example.com');
    assert.deepEqual(statuses(await verify('mail.example.com')), ['valid', 'valid', 'valid', 'valid']);
    const audited = (await listAudit(h.ctx.db.kysely, team, { action: 'domain.verification_changed' })).length;
    dns.behave('silent');
    const v = await verify('mail.example.com');
    assert.deepEqual(statuses(v), ['valid', 'valid', 'valid', 'valid'], 'statuses as they were');
    assert.match(v.dns.dkim_error, /^DNS DKIM query error: dns lookup timed out for lettr\d{4}._domainkey.mail.example.com$/);
    assert.equal(v.dns.cname_error, 'DNS CNAME query error: dns lookup timed out for mail.example.com');
    assert.equal(v.dns.spf_error, 'DNS SPF query error: dns lookup timed out for mail.example.com');
    assert.equal(v.dns.dmarc_error, 'DNS DMARC query error: dns lookup timed out for _dmarc.mail.example.com');
    assert.deepEqual([v.spf.is_valid, v.dmarc.is_valid], [false, false]);
    dns.behave('servfail');
    assert.deepEqual(statuses(await verify('mail.example.com')), ['valid', 'valid', 'valid', 'valid']);
    const shown = (await h.api.get('/api/domains/mail.example.com', key)).json.data;
    assert.deepEqual([shown.can_send, shown.dkim_status], [true, 'valid']);
    assert.equal((await listAudit(h.ctx.db.kysely, team, { action: 'domain.verification_changed' })).length, audited);
  });
  test('the detail read carries the last check (time, result with the resolver\'s errors) and the next background check', async () => {
    assert.equal((await h.api.post('/api/domains', key, { domain: 'mail.example.info' })).status, 201);
    const fresh = (await h.api.get('/api/domains/mail.example.info', key)).json.data;
    records.set('mail.example.info', fresh.dns.records);
    assert.equal(fresh.verification.last_checked_at, null);
    assert.equal(fresh.verification.result, null);
    assert.ok(fresh.verification.next_check_at, 'a new domain is due for a background check');
    publish('mail.example.info', ['dkim']);
    const before = h.clock.now();
    const v = await verify('mail.example.info');
    const shown = (await h.api.get('/api/domains/mail.example.info', key)).json.data;
    assert.ok(Date.parse(shown.verification.last_checked_at) >= before - 1000);
    assert.ok(Date.parse(shown.verification.next_check_at) > Date.parse(shown.verification.last_checked_at));
    assert.deepEqual(shown.verification.result, v, 'the stored answer is the verify answer');
    assert.match(shown.verification.result.dns.dkim_error, /no TXT records found/);
    const other = await h.createTeam();
    const otherKey = (await h.createKey(other)).key;
    assert.equal((await h.api.get('/api/domains/mail.example.info', otherKey)).status, 404, 'another team sees nothing');
  });
});
