// GET /dashboard/api/teams/:teamId/security/overview on both databases: today's sends per recipient, recipient domains
// new to the team, failed authentication with the team's own key prefixes (a revoked key used from an IP) but not a
// random key's nor another team's, recent keys counted; owners/admins only, and nothing of another team.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startDashboard, type Dashboard } from './helpers/session-server.js';
import type { Browser } from './helpers/cookie-browser.js';

async function send(d: Dashboard, key: string, to: string[]) {
  const r = await fetch(`${d.url}/api/emails`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from: 'a@acme.test', to, subject: 'Hi', text: 'Hello' }),
  });
  assert.equal(r.status, 200, await r.text());
}

forEachDatabase('security overview', (db) => {
  let d: Dashboard;
  let owner: Browser;
  let team = 0;
  let otherTeam = 0;
  let other: Browser;
  before(async () => {
    d = await startDashboard(db());
    const a = await d.signUp('owner@acme.test');
    owner = a.browser;
    team = a.data.teams[0].id;
    const b = await d.signUp('else@other.test');
    other = b.browser;
    otherTeam = b.data.teams[0].id;
  });
  after(() => d.close());

  const overview = async (b: Browser, t: number) => b.get(`/dashboard/api/teams/${t}/security/overview`);
  const mintKey = async (b: Browser, t: number, name: string) => {
    const r = await b.post(`/dashboard/api/teams/${t}/api-keys`, { name, permission: 'full_access' });
    assert.equal(r.status, 201, r.text);
    return r.json.data as { id: number; key: string };
  };

  test('an empty team: zeros, 30 days of volume, nothing new', async () => {
    const r = await overview(owner, team);
    assert.equal(r.status, 200, r.text);
    const o = r.json.data;
    assert.equal(o.volume.length, 30);
    assert.equal(o.volume.at(-1).day, new Date(d.clock.now()).toISOString().slice(0, 10));
    assert.deepEqual(o.tiles, { sends_today: 0, sends_usual: 0, failed_auth_24h: 0, new_recipient_domains_7d: 0, keys_created_7d: 0 });
    assert.deepEqual([o.new_recipient_domains, o.failed_auth], [[], []]);
  });

  test('sends, new recipient domains and failed authentication with this team\'s keys', async () => {
    for (const [b, t] of [[owner, team], [other, otherTeam]] as const) {
      assert.equal((await b.post(`/dashboard/api/teams/${t}/domains`, { domain: 'acme.test' })).status, 201);
    }
    const key = await mintKey(owner, team, 'app');
    const old = await mintKey(owner, team, 'old');
    await send(d, key.key, ['x@a.org', 'y@A.org']);
    await send(d, key.key, ['z@b.net']);
    const otherKey = await mintKey(other, otherTeam, 'theirs');
    await send(d, otherKey.key, ['q@c.com']);

    assert.equal((await owner.delete(`/dashboard/api/teams/${team}/api-keys/${old.id}`)).status, 200);
    const check = (k: string) => fetch(`${d.url}/api/auth/check`, { headers: { authorization: `Bearer ${k}` } });
    assert.equal((await check(old.key)).status, 401);
    assert.equal((await check(old.key)).status, 401);
    assert.equal((await check(`lttr_${'Z'.repeat(64)}`)).status, 401); // a random key: nobody's
    await owner.delete(`/dashboard/api/teams/${otherTeam}/api-keys/${otherKey.id}`); // not a member there: refused
    assert.equal((await other.delete(`/dashboard/api/teams/${otherTeam}/api-keys/${otherKey.id}`)).status, 200);
    assert.equal((await check(otherKey.key)).status, 401);

    const o = (await overview(owner, team)).json.data;
    assert.equal(o.tiles.sends_today, 3);
    assert.equal(o.volume.at(-1).count, 3);
    assert.equal(o.tiles.keys_created_7d, 2);
    assert.deepEqual(o.new_recipient_domains.map((x: any) => [x.domain, x.recipients]).sort(), [['a.org', 2], ['b.net', 1]]);
    assert.equal(o.tiles.new_recipient_domains_7d, 2);
    assert.deepEqual(o.failed_auth.map((f: any) => [f.ip, f.key_prefix, f.reason, f.attempts]), [['127.0.0.1', old.key.slice(0, 12), 'revoked_key', 2]]);
    assert.equal(o.tiles.failed_auth_24h, 2);

    const theirs = (await overview(other, otherTeam)).json.data;
    assert.deepEqual(theirs.new_recipient_domains.map((x: any) => x.domain), ['c.com']);
    assert.deepEqual(theirs.failed_auth.map((f: any) => f.key_prefix), [otherKey.key.slice(0, 12)]);
  });

  test('another team\'s overview is not found; a member may not read it', async () => {
    assert.equal((await overview(other, team)).status, 404);
    const invite = await owner.post(`/dashboard/api/teams/${team}/invitations`, { email: 'member@acme.test', role: 'member' });
    assert.equal(invite.status, 201, invite.text);
    const token = await d.invitationToken('member@acme.test');
    const { browser: member } = await d.signUp('member@acme.test', { invitation_token: token });
    const r = await overview(member, team);
    assert.equal(r.status, 403);
    assert.equal(r.json.error_code, 'insufficient_scope');
  });
});
