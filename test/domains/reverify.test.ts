// The background job: unverified domains are re-checked on a back-off and flip when records appear or disappear;
// each flip is an audit event; a resolver outage changes nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../../src/audit/index.js';
import { domainReverification, findSendingDomain } from '../../src/domains/index.js';
import { ensureRecurring } from '../../src/queue/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const MINUTE = 60_000;

forEachDatabase('domain re-verification job', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let team: number;
  let key: string;
  let records: Array<{ purpose: string; type: 'TXT' | 'CNAME'; name: string; value: string }>;

  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '150ms', LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test', LETTR_SPF_INCLUDE: '_spf.lettr.test' });
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    await h.api.post('/api/domains', key, { domain: 'mail.example.com' });
    records = (await h.api.get('/api/domains/mail.example.com', key)).json.data.dns.records;
    await ensureRecurring(h.ctx, domainReverification.queue); // what a worker does when it starts
  });
  after(async () => {
    await h.close();
    await dns.close();
  });

  const run = () => h.runJobs([domainReverification]);
  const changes = async () => (await listAudit(h.ctx.db.kysely, team, { action: 'domain.verification_changed' })).reverse();
  const domain = () => findSendingDomain(h.ctx.db.kysely, team, 'MAIL.example.com');

  test('nothing is checked before the first check is due', async () => {
    await run();
    assert.equal(dns.queries.length, 0);
    assert.deepEqual(await domain(), { domain: 'mail.example.com', status: 'approved', canSend: false, dkimValid: false });
  });

  test('unpublished records are re-checked on a growing back-off', async () => {
    const checksAfter = async (ms: number) => {
      h.clock.advance(ms);
      const before = dns.queries.length;
      await run();
      return dns.queries.length > before;
    };
    assert.equal(await checksAfter(MINUTE), true, 'first check one minute after creation');
    assert.equal((await changes()).length, 1, 'null → invalid/missing is a change');
    assert.equal(await checksAfter(MINUTE), true, 'first check changed statuses: the ladder restarts at one minute');
    assert.equal(await checksAfter(4 * MINUTE), false, 'unchanged: next check after 5 minutes');
    assert.equal(await checksAfter(MINUTE), true);
    assert.equal(await checksAfter(14 * MINUTE), false, 'then after 15 minutes');
    assert.equal(await checksAfter(MINUTE), true);
  });

  test('records appear: the job flips the domain to sendable and audits it', async () => {
    for (const r of records) dns.set(r.name, r.type, r.value);
    dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
    dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
    h.clock.advance(60 * MINUTE);
    await run();
    assert.deepEqual(await domain(), { domain: 'mail.example.com', status: 'approved', canSend: true, dkimValid: true });
    const last = (await changes()).at(-1)!;
    assert.deepEqual(last.actor, { type: 'system', id: null });
    assert.equal(last.details.via, 'domains.reverify');
    assert.deepEqual(last.details.can_send, { before: false, after: true });
    assert.deepEqual(last.details.after, { dkim_status: 'valid', cname_status: 'valid', spf_status: 'valid', dmarc_status: 'valid' });
  });

  test('verified domains are re-checked daily; a resolver outage changes nothing', async () => {
    const count = (await changes()).length;
    dns.behave('silent');
    h.clock.advance(23 * 60 * MINUTE);
    const before = dns.queries.length;
    await run();
    assert.equal(dns.queries.length, before, 'not due before a day');
    h.clock.advance(60 * MINUTE);
    await run();
    assert.ok(dns.queries.length > before, 'checked after a day');
    assert.equal((await domain())?.canSend, true);
    assert.equal((await changes()).length, count);
  });

  test('records disappear: the job flips the domain back and audits it', async () => {
    dns.behave('answer');
    dns.remove(records[0]!.name);
    h.clock.advance(24 * 60 * MINUTE);
    await run();
    assert.deepEqual(await domain(), { domain: 'mail.example.com', status: 'approved', canSend: false, dkimValid: false });
    const last = (await changes()).at(-1)!;
    assert.deepEqual(last.details.changed, ['dkim_status']);
    assert.deepEqual(last.details.can_send, { before: true, after: false });
  });
});
