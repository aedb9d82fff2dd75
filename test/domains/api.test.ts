// /api/domains through the real app and the contract harness: shapes, messages, status codes, tenant isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../../src/audit/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const INVALID = 'The domain must be a valid domain name (e.g., example.com).';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

forEachDatabase('domains API', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  let otherKey: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test', LETTR_SPF_INCLUDE: '_spf.lettr.test' });
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    otherKey = (await h.createKey(await h.createTeam('Other'))).key;
  });
  after(() => h.close());

  test('POST creates an approved domain with an RSA-2048 DKIM key and audits it', async () => {
    const r = await h.api.post('/api/domains', key, { domain: 'Mail.Example.com' });
    assert.equal(r.status, 201);
    assert.equal(r.json.message, 'Domain created successfully.');
    const { dkim, ...rest } = r.json.data;
    assert.deepEqual(rest, { domain: 'mail.example.com', status: 'approved', status_label: 'Approved' });
    assert.match(dkim.selector, /^lettr\d{4}$/);
    assert.match(dkim.public, /^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/); // SPKI of a 2048-bit RSA key
    assert.equal(dkim.signing_domain, 'mail.example.com');
    assert.match(dkim.headers, /^from:to:cc:subject:date:/);
    const audit = await listAudit(h.ctx.db.kysely, team, { action: 'domain.created' });
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.actor.type, 'api_key');
    assert.equal(audit[0]!.details.domain, 'mail.example.com');
  });

  test('POST of a domain the team already has is 409', async () => {
    for (const domain of ['mail.example.com', 'MAIL.EXAMPLE.COM']) {
      const r = await h.api.post('/api/domains', key, { domain });
      assert.equal(r.status, 409);
      assert.deepEqual(r.json, { message: 'This domain is already registered.', error_code: 'resource_already_exists' });
    }
  });

  test('POST validation: the contract\'s 422 with per-field messages', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'The domain field is required.'],
      [{ domain: '' }, 'The domain field is required.'],
      [{ domain: 42 }, 'The domain field must be a string.'],
      [{ domain: 'not a domain' }, INVALID],
      [{ domain: 'localhost' }, INVALID],
      [{ domain: 'example.com.' }, INVALID],
      [{ domain: `${'a'.repeat(60)}.`.repeat(5) + 'com' }, 'The domain must not be greater than 255 characters.'],
      [['example.com'], 'The domain field is required.'],
    ];
    for (const [body, message] of cases) {
      const r = await h.api.post('/api/domains', key, body);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.deepEqual(r.json, { message: 'Validation failed.', error_code: 'validation_error', errors: { domain: [message] } });
    }
    const malformed = await h.api.request({ method: 'POST', url: '/api/domains', key, payload: '{"domain":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 422);
  });

  test('GET /domains lists the team\'s domains only, statuses null until verified', async () => {
    await h.api.post('/api/domains', key, { domain: 'example.org' });
    const r = await h.api.get('/api/domains', key);
    assert.equal(r.status, 200);
    assert.equal(r.json.message, 'Domains retrieved successfully.');
    assert.deepEqual(r.json.data.domains.map((d: { domain: string }) => d.domain), ['example.org', 'mail.example.com']);
    const [first] = r.json.data.domains;
    assert.deepEqual({ ...first, created_at: 'x', updated_at: 'x' }, {
      domain: 'example.org', status: 'approved', status_label: 'Approved', can_send: false,
      cname_status: null, dkim_status: null, created_at: 'x', updated_at: 'x',
    });
    assert.match(first.created_at, ISO);
    const other = await h.api.get('/api/domains', otherKey);
    assert.deepEqual(other.json.data.domains, []);
  });

  test('GET /domains/{domain} shows the detail view and every record to publish', async () => {
    const r = await h.api.get('/api/domains/MAIL.example.com', key);
    assert.equal(r.status, 200);
    assert.equal(r.json.message, 'Domain retrieved successfully.');
    const d = r.json.data;
    assert.deepEqual([d.domain, d.can_send, d.dkim_status, d.spf_status, d.dmarc_status, d.is_primary_domain, d.tracking_domain, d.dns_provider],
      ['mail.example.com', false, null, null, null, false, null, null]);
    assert.equal(d.dns.dkim.public.length > 300, true);
    assert.deepEqual(d.dns.records.map((x: { type: string; name: string }) => `${x.type} ${x.name}`), [
      `TXT ${d.dns.dkim.selector}._domainkey.mail.example.com`, 'CNAME mail.example.com', 'TXT _dmarc.mail.example.com',
    ]);
    assert.equal(d.dns.records[1].value, 'bounce.lettr.test');
    const apex = await h.api.get('/api/domains/example.org', key);
    assert.equal(apex.json.data.is_primary_domain, true);
    assert.equal(apex.json.data.dns.records[1].value, 'v=spf1 include:_spf.lettr.test ~all');
  });

  test('unknown, malformed and other teams\' domains are 404 on GET', async () => {
    for (const [url, k] of [['/api/domains/nope.example.com', key], ['/api/domains/not_a_domain', key], ['/api/domains/mail.example.com', otherKey]] as const) {
      const r = await h.api.get(url, k);
      assert.equal(r.status, 404, url);
      assert.deepEqual(r.json, { message: 'Domain not found.', error_code: 'not_found' });
    }
  });

  test('DELETE removes the domain (204), then 404; a malformed name is 422', async () => {
    const other = await h.api.delete('/api/domains/example.org', otherKey);
    assert.equal(other.status, 404);
    const r = await h.api.delete('/api/domains/example.org', key);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal((await h.api.get('/api/domains/example.org', key)).status, 404);
    assert.deepEqual((await h.api.delete('/api/domains/example.org', key)).json, { message: 'Domain not found.', error_code: 'not_found' });
    const bad = await h.api.delete('/api/domains/bad_name!', key);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors, { domain: [INVALID] });
    const badVerify = await h.api.post('/api/domains/-bad-.com/verify', key, {});
    assert.equal(badVerify.status, 422);
    assert.equal((await h.api.post('/api/domains/nope.example.com/verify', key, {})).status, 404);
    assert.deepEqual((await listAudit(h.ctx.db.kysely, team, { action: 'domain.deleted' })).map((e) => e.details.domain), ['example.org']);
  });

  test('a domain can be added again after deletion, and by another team until ownership is proven', async () => {
    assert.equal((await h.api.post('/api/domains', key, { domain: 'example.org' })).status, 201);
    assert.equal((await h.api.post('/api/domains', otherKey, { domain: 'example.org' })).status, 201);
    const mine = await h.api.get('/api/domains/example.org', key);
    const theirs = await h.api.get('/api/domains/example.org', otherKey);
    assert.notEqual(mine.json.data.dns.dkim.selector, theirs.json.data.dns.dkim.selector, 'selectors never collide across teams');
  });
});

forEachDatabase('domains API, review approval', (db) => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_DOMAIN_APPROVAL: 'review' });
    key = (await h.createKey(await h.createTeam())).key;
  });
  after(() => h.close());

  test('LETTR_DOMAIN_APPROVAL=review leaves every new domain pending', async () => {
    const r = await h.api.post('/api/domains', key, { domain: 'example.com' });
    assert.deepEqual([r.status, r.json.data.status, r.json.data.status_label], [201, 'pending', 'Pending Review']);
  });
});

forEachDatabase('domains API, name heuristics', (db) => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    key = (await h.createKey(await h.createTeam())).key;
  });
  after(() => h.close());

  test('auto approval sends names the §6.5 heuristics flag to review', async () => {
    const flagged = await h.api.post('/api/domains', key, { domain: 'free-money-12345.tk' });
    assert.equal(flagged.json.data.status, 'pending');
    const fine = await h.api.post('/api/domains', key, { domain: 'news.example.com' });
    assert.equal(fine.json.data.status, 'approved');
  });
});
