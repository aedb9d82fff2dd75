// `lettr domain …` as an operator runs it: one JSON object with --json, the records to publish, checks against DNS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { runLettr } from '../helpers/spawn.js';

forEachDatabase('lettr domain CLI', (db) => {
  let dns: DnsTestServer;
  before(async () => {
    dns = await startDnsServer();
    assert.equal((await runLettr(['migrate'], env())).code, 0);
  });
  after(async () => { await dns.close(); });
  const env = () => ({
    LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir, LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '200ms',
    LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test', LETTR_SPF_INCLUDE: '_spf.lettr.test', LETTR_DOMAIN_APPROVAL: 'review',
  });
  const lettr = async (...args: string[]) => {
    const r = await runLettr([...args, '--json'], env());
    return r;
  };

  test('add, list, show, verify, approve, remove', async () => {
    const team = String((await lettr('team', 'create', '--name', 'Acme')).json.id);
    const added = await lettr('domain', 'add', 'Mail.Acme.test', '--team', team);
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual([added.json.domain, added.json.status, added.json.dkim.signing_domain], ['mail.acme.test', 'pending', 'mail.acme.test']);
    assert.deepEqual(added.json.records.map((r: { purpose: string }) => r.purpose), ['dkim', 'return_path', 'dmarc']);

    const again = await lettr('domain', 'add', 'mail.acme.test', '--team', team);
    assert.deepEqual([again.code, again.json.error], [2, 'This domain is already registered.']);

    for (const r of added.json.records) dns.set(r.name, r.type, r.value);
    dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
    dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
    const verified = await lettr('domain', 'verify', 'mail.acme.test', '--team', team);
    assert.equal(verified.code, 0, verified.stderr);
    assert.deepEqual([verified.json.dkim_status, verified.json.cname_status, verified.json.spf_status, verified.json.dmarc_status], ['valid', 'valid', 'valid', 'valid']);

    const pending = await lettr('domain', 'list', '--team', team);
    assert.deepEqual(pending.json.domains.map((d: { can_send: boolean; status: string }) => [d.status, d.can_send]), [['pending', false]], 'review mode: not sendable yet');
    const approved = await lettr('domain', 'approve', 'mail.acme.test', '--team', team);
    assert.deepEqual([approved.json.status, approved.json.can_send], ['approved', true]);
    const shown = await lettr('domain', 'show', 'mail.acme.test', '--team', team);
    assert.deepEqual([shown.json.spf_status, shown.json.dmarc_status, shown.json.records.length], ['valid', 'valid', 3]);

    const rotated = await lettr('domain', 'rotate-dkim', 'mail.acme.test', '--team', team);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.deepEqual(rotated.json.records.filter((r: { purpose: string }) => r.purpose === 'dkim').length, 2, 'current and pending key');

    const human = await runLettr(['domain', 'verify', 'mail.acme.test', '--team', team], env());
    assert.match(human.stdout, /DKIM\s+valid/);

    const removed = await lettr('domain', 'remove', 'mail.acme.test', '--team', team);
    assert.deepEqual(removed.json, { domain: 'mail.acme.test', removed: true });
    assert.deepEqual((await lettr('domain', 'list', '--team', team)).json.domains, []);
    const audit = await lettr('audit', 'list', '--team', team);
    assert.deepEqual(audit.json.events.map((e: { action: string }) => e.action).reverse(),
      ['team.created', 'domain.created', 'domain.verification_changed', 'domain.approved', 'domain.dkim_rotation_started', 'domain.deleted']);
  });

  test('bad input: clear messages and exit code 2', async () => {
    const team = String((await lettr('team', 'create', '--name', 'Beta')).json.id);
    const cases: Array<[string[], RegExp]> = [
      [['domain', 'add', 'not_a_domain', '--team', team], /must be a valid domain name/],
      [['domain', 'add', '--team', team], /missing required argument 'domain'/],
      [['domain', 'verify', 'nope.example.com', '--team', team], /not found in team/],
      [['domain', 'list', '--team', '999999'], /--team 999999: no such team/],
      [['domain', 'list'], /--team is required when there are several teams/],
      [['domain', 'fly', '--team', team], /unknown command 'fly'/],
    ];
    for (const [args, error] of cases) {
      const r = await lettr(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.json.error, error, args.join(' '));
    }
  });
});
