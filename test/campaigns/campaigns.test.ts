// Campaigns end to end over real HTTP (issue 15 point 3): created in the dashboard editor (session) and by the CLI,
// read, scheduled, unscheduled and sent through the contract's operations with their errors; the audience is the
// subscribed contacts of the lists and segments, one copy per contact where they overlap, suppressed addresses
// dropped; merge data and {{unsubscribe_link}} in the content; events paged by cursor. The built-in mailbox receives
// the mail. Both databases; every API answer checked against the contract.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addSuppression } from '../../src/delivery/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startDashboard, type Dashboard } from '../helpers/session-server.js';
import type { Browser } from '../helpers/cookie-browser.js';
import { runLettr } from '../helpers/spawn.js';
import { send, statusesOf } from '../delivery/helpers.js';

forEachDatabase('campaigns', (db) => {
  let d: Dashboard;
  let teamId: number;
  let key: string;
  let owner: Browser;
  const ids: Record<string, string> = {};
  const base = () => `/dashboard/api/teams/${teamId}`;

  before(async () => {
    d = await startDashboard(db());
    const signed = await d.signUp('owner@example.com', { name: 'Olive' });
    owner = signed.browser;
    teamId = signed.data.teams[0].id;
    key = (await d.createKey(teamId)).key;
    assert.equal((await d.api.post('/api/domains', key, { domain: 'news.test' })).status, 201);
    assert.equal((await d.api.post('/api/audience/properties', key, { name: 'first_name', type: 'string', fallback_value: 'friend' })).status, 201);
    for (const name of ['Customers', 'Prospects']) ids[name] = (await d.api.post('/api/audience/lists', key, { name })).json.data.id;
    const contact = async (email: string, extra: Record<string, unknown> = {}) => (await d.api.post('/api/audience/contacts', key, { email, ...extra })).json.data.id as string;
    ids.ann = await contact('ann@example.org', { list_id: ids.Customers, properties: { first_name: 'Ann' } });
    ids.bob = await contact('bob@example.org', { list_id: ids.Customers });
    await d.api.post(`/api/audience/contacts/${ids.bob}/lists/${ids.Prospects}`, key, undefined);
    ids.cat = await contact('cat@example.org', { list_id: ids.Prospects });
    ids.dan = await contact('dan@example.org', { list_id: ids.Customers });
    await d.api.request({ method: 'PATCH', url: `/api/audience/contacts/${ids.dan}`, key, body: { status: 'unsubscribed' } });
    ids.eve = await contact('eve@example.org', { list_id: ids.Customers });
    await addSuppression(d.ctx.db.kysely, { teamId, email: 'eve@example.org', reason: 'manual', now: Date.now() });
    ids.gus = await contact('gus@vip.test');
    ids.vip = (await d.api.post('/api/audience/segments', key, { name: 'VIP', conditions: { groups: [{ conditions: [{ field: 'email', operator: 'ends_with', value: '@vip.test' }, { field: 'email', operator: 'starts_with', value: 'ann@' }] }] } })).json.data.id;
  });
  after(() => d.close());

  test('the editor creates drafts; the contract operations read them and refuse what the state does not allow', async () => {
    const made = await owner.post(`${base()}/campaigns`, { name: 'Spring', from_email: 'news@news.test', list_ids: [ids.Customers] });
    assert.equal(made.status, 201, made.text);
    ids.spring = made.json.data.id;
    assert.equal(made.json.data.status, 'draft');
    const bad = await owner.post(`${base()}/campaigns`, { name: '', from_email: 'nope', list_ids: ['x'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['from_email', 'list_ids', 'name']);
    // The public API has no create.
    assert.equal((await d.api.post('/api/campaigns', key, { name: 'x' }, { beyondContract: 'probing: no such operation' })).status, 404);

    const listed = await d.api.get('/api/campaigns?status=draft', key);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json.data.campaigns.map((c: any) => c.name), ['Spring']);
    const shown = await d.api.get(`/api/campaigns/${ids.spring}`, key);
    assert.equal(shown.json.data.stats.injections, 0);

    const notReady = await d.api.post(`/api/campaigns/${ids.spring}/send`, key, undefined);
    assert.equal(notReady.status, 422);
    assert.equal(notReady.json.error_code, 'campaign_not_sendable');
    assert.match(notReady.json.message, /a subject, content/);
    const notScheduled = await d.api.post(`/api/campaigns/${ids.spring}/unschedule`, key, undefined);
    assert.equal(notScheduled.json.error_code, 'campaign_not_scheduled');

    const edited = await owner.patch(`${base()}/campaigns/${ids.spring}`, { subject: 'Hello {{first_name}}', html: '<p>Hi {{first_name}}</p><a href="{{unsubscribe_link}}">Unsubscribe</a>' });
    assert.equal(edited.status, 200, edited.text);
    // The contract's 422 here is oneOf(ValidationErrorResponse, ErrorResponse), and a validation body fits both, so no
    // body can match exactly one: checked against ValidationErrorResponse instead.
    const past = await d.api.post(`/api/campaigns/${ids.spring}/schedule`, key, { scheduled_at: '2020-01-01T00:00:00Z' }, { beyondContract: 'contract oneOf overlap' });
    assert.equal(past.status, 422);
    assert.deepEqual(past.json.errors, { scheduled_at: ['The scheduled_at field must be a date in the future.'] });
    const at = new Date(d.clock.now() + 3_600_000).toISOString();
    const scheduled = await d.api.post(`/api/campaigns/${ids.spring}/schedule`, key, { scheduled_at: at });
    assert.equal(scheduled.status, 200);
    assert.equal(scheduled.json.data.status, 'scheduled');
    const pending = await d.api.post(`/api/campaigns/${ids.spring}/send`, key, undefined);
    assert.equal(pending.json.error_code, 'campaign_has_pending_schedule');
    const locked = await owner.patch(`${base()}/campaigns/${ids.spring}`, { subject: 'Changed' });
    assert.equal(locked.status, 409);
    assert.equal(locked.json.error_code, 'conflict');
    const back = await d.api.post(`/api/campaigns/${ids.spring}/unschedule`, key, undefined);
    assert.equal(back.json.data.status, 'draft');
    assert.equal(back.json.data.scheduled_at, null);
    // Unscheduling dropped the fan-out job: running the queue sends nothing.
    d.clock.advance(2 * 3_600_000);
    await d.runJobs();
    assert.equal((await d.api.get(`/api/campaigns/${ids.spring}`, key)).json.data.status, 'draft');
  });

  test('send: lists ∪ segment, subscribed only, one copy per contact, suppressed dropped, merge data and unsubscribe link', async () => {
    const edited = await owner.patch(`${base()}/campaigns/${ids.spring}`, { list_ids: [ids.Customers, ids.Prospects], segment_ids: [ids.vip] });
    assert.equal(edited.status, 200, edited.text);
    const sent = await d.api.post(`/api/campaigns/${ids.spring}/send`, key, undefined);
    assert.equal(sent.status, 202);
    assert.equal(sent.json.data.status, 'preparing');
    assert.equal((await d.api.post(`/api/campaigns/${ids.spring}/send`, key, undefined)).json.error_code, 'campaign_not_sendable');
    await d.runJobs();

    const done = (await d.api.get(`/api/campaigns/${ids.spring}`, key)).json.data;
    assert.equal(done.status, 'sent');
    // ann, bob (two lists), cat, gus (segment) queued; eve suppressed; dan unsubscribed never selected.
    assert.equal(done.sent_count, 4);
    assert.equal(done.total_recipients, 5);
    assert.equal(done.stats.injections, 4);
    assert.equal(done.stats.deliveries, 4);

    const rows = await d.ctx.db.kysely.selectFrom('mailbox_messages').select(['rcpt_to', 'subject', 'html_body']).where('team_id', '=', teamId).execute();
    assert.deepEqual(rows.map((r) => r.rcpt_to).sort(), ['ann@example.org', 'bob@example.org', 'cat@example.org', 'gus@vip.test']);
    const ann = rows.find((r) => r.rcpt_to === 'ann@example.org')!;
    assert.equal(ann.subject, 'Hello Ann');
    assert.equal(rows.find((r) => r.rcpt_to === 'bob@example.org')!.subject, 'Hello friend');
    const link = /href="([^"]+\/unsubscribe\/[^"]+)"/.exec(ann.html_body ?? '')?.[1];
    assert.ok(link, 'the unsubscribe link is in the content');

    // Events, oldest first, two at a time by cursor; filtered by type and recipient.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await d.api.get(`/api/campaigns/${ids.spring}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, key);
      assert.equal(page.status, 200);
      seen.push(...page.json.data.events.map((e: any) => `${e.event_type}:${e.email}`));
      cursor = page.json.data.next_cursor;
    } while (cursor);
    assert.equal(seen.length, 8);
    const annDelivery = await d.api.get(`/api/campaigns/${ids.spring}/events?event_type=delivery&email=ann@example.org`, key);
    assert.deepEqual(annDelivery.json.data.events.map((e: any) => e.email), ['ann@example.org']);
    assert.equal((await d.api.get(`/api/campaigns/${ids.spring}/events?limit=500&event_type=nope`, key)).status, 422);

    // The link unsubscribes ann; the next campaign skips her while a transactional mail to her still delivers.
    const res = await fetch(d.url + new URL(link!).pathname, { method: 'POST', body: 'choice=all', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 200);
    const again = await owner.post(`${base()}/campaigns`, { name: 'Summer', from_email: 'news@news.test', subject: 'Summer', html: '<p>Sun</p>', list_ids: [ids.Customers] });
    await d.api.post(`/api/campaigns/${again.json.data.id}/send`, key, undefined);
    const reset = await send(d, key, { from: 'account@news.test', to: ['ann@example.org'], subject: 'Password reset' });
    await d.runJobs();
    const summer = await d.ctx.db.kysely.selectFrom('mailbox_messages').select('rcpt_to').where('team_id', '=', teamId).where('subject', '=', 'Summer').execute();
    assert.deepEqual(summer.map((r) => r.rcpt_to), ['bob@example.org']);
    assert.equal((await statusesOf(d, reset.requestId))['ann@example.org']?.status, 'delivered');
    const stats = (await d.api.get(`/api/campaigns/${ids.spring}`, key)).json.data.stats;
    assert.equal(stats.unsubscribes, 1);
  });

  test('the CLI creates, updates and lists campaigns', async () => {
    const env = { LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir };
    const created = await runLettr(['campaign', 'create', '--team', String(teamId), '--name', 'From CLI', '--from', 'news@news.test', '--subject', 'CLI', '--html', '<p>x</p>', '--list', ids.Customers!, '--list', ids.Prospects!, '--segment', ids.vip!, '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.json.id, /^[0-9a-f-]{36}$/);
    const shown = await d.api.get(`/api/campaigns/${created.json.id}`, key);
    assert.equal(shown.json.data.name, 'From CLI');
    const updated = await runLettr(['campaign', 'update', '--team', String(teamId), '--id', created.json.id, '--name', 'Renamed', '--json'], env);
    assert.equal(updated.code, 0, updated.stderr);
    const bad = await runLettr(['campaign', 'create', '--team', String(teamId), '--name', 'x', '--from', 'news@news.test', '--subject', 's', '--html', 'h', '--list', '00000000-0000-4000-8000-000000000000', '--json'], env);
    assert.equal(bad.code, 2);
    const listed = await runLettr(['campaign', 'list', '--team', String(teamId), '--json'], env);
    assert.ok(listed.json.campaigns.some((c: any) => c.name === 'Renamed'));
    const sup = await runLettr(['suppression', 'list', '--team', String(teamId), '--json'], env);
    assert.deepEqual(sup.json.suppressions.map((s: any) => [s.email, s.reason]).sort(), [['ann@example.org', 'unsubscribe'], ['eve@example.org', 'manual']]);
    assert.equal((await runLettr(['suppression', 'remove', '--team', String(teamId), '--email', 'eve@example.org', '--json'], env)).json.removed, true);
    assert.equal((await runLettr(['suppression', 'add', '--team', String(teamId), '--email', 'zed@example.org', '--marketing-only', '--json'], env)).code, 0);
  });

  test('the dashboard manages the suppression list: add with reason, list with date, remove', async () => {
    const added = await owner.post(`${base()}/suppressions`, { email: 'Block@Example.org', reason: 'manual', marketing_only: true });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual({ ...added.json.data, created_at: undefined }, { email: 'block@example.org', reason: 'manual', transactional: false, non_transactional: true, created_at: undefined });
    const listed = await owner.get(`${base()}/suppressions`);
    assert.ok(listed.json.data.suppressions.some((s: any) => s.email === 'block@example.org' && /^\d{4}-/.test(s.created_at)));
    assert.equal((await owner.post(`${base()}/suppressions`, { email: 'nope', reason: 'because' })).status, 422);
    assert.equal((await owner.delete(`${base()}/suppressions/block@example.org`)).status, 200);
    assert.equal((await owner.delete(`${base()}/suppressions/block@example.org`)).status, 404);
    // Not on the public API.
    assert.equal((await d.api.get('/api/suppressions', key, { beyondContract: 'probing: dashboard only' })).status, 404);
  });
});
