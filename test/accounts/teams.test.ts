// Teams over HTTP with a real cookie jar (issue 12 "done when"): every cell of the role matrix (spec §4.1) on the
// team routes and on the team's mount of the public API; invitations accepted (sign-up with the emailed token, and
// signed in), declined, expired, replaced and cancelled; removal and leaving (a user left with no team gets a
// personal one); team deletion; and the audit trail each leaves. Invitations go through Lettr's own sending into the
// built-in mailbox, where the test reads the token. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from '../helpers/cookie-browser.js';
import { forEachDatabase } from '../helpers/databases.js';
import { resetPassword } from '../../src/accounts/index.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';

type Role = 'owner' | 'admin' | 'member';

forEachDatabase('accounts: teams, roles and invitations', (db) => {
  let d: Dashboard;
  let teamId: number;
  const as: Record<Role, Browser> = {} as Record<Role, Browser>;
  const ids: Record<string, number> = {};
  let miaPassword = '';
  const base = () => `/dashboard/api/teams/${teamId}`;

  /** A fresh member of the team to act on (role change, removal). */
  async function target(label: string): Promise<number> {
    const { id } = await d.ctx.db.kysely.insertInto('users').values({ email: `${label}@example.com`, name: label, password_hash: null, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
    await d.ctx.db.kysely.insertInto('memberships').values({ team_id: teamId, user_id: id, role: 'member', invited_by: ids.owner!, joined_at: Date.now() }).execute();
    return id;
  }

  /** The operator's way to give an existing user a password (lettr user reset-password). */
  const passwordFor = async (email: string) => (await resetPassword(d.ctx, email))!.password;

  before(async () => {
    d = await startDashboard(db(), { LETTR_SIGNUP: 'invite' });
    const owner = await d.signUp('owner@example.com', { name: 'Olive' });
    as.owner = owner.browser;
    ids.owner = owner.data.user.id;
    teamId = owner.data.teams[0].id;
    assert.equal(owner.data.teams[0].name, "Olive's Team");
  });
  after(() => d.close());

  test('invitation: the email goes through Lettr\'s own sending; sign-up with its token joins with the role', async () => {
    const inv = await as.owner.post(`${base()}/invitations`, { email: 'Adam@Example.com', role: 'admin' });
    assert.equal(inv.status, 201, inv.text);
    assert.equal(inv.json.data.invitation.email, 'adam@example.com');
    assert.equal(JSON.stringify(inv.json).includes('token'), false, 'the token is only in the email');
    const token = await d.invitationToken('adam@example.com');
    const lookup = await d.browser().post('/dashboard/api/invitations/lookup', { token });
    assert.equal(lookup.status, 200);
    assert.deepEqual({ ...lookup.json.data, expires_at: undefined }, { email: 'adam@example.com', role: 'admin', team: { id: teamId, name: "Olive's Team" }, expires_at: undefined, account_exists: false });
    const wrongEmail = await d.browser().post('/dashboard/api/signup', { email: 'other@example.com', name: 'O', password: PASSWORD, invitation_token: token });
    assert.equal(wrongEmail.status, 422);
    const { browser, data } = await d.signUp('adam@example.com', { name: 'Adam', invitation_token: token });
    as.admin = browser;
    ids.admin = data.user.id;
    assert.deepEqual(data.teams.map((t: any) => [t.id, t.role]), [[teamId, 'admin']], 'no personal team when joining by invitation');
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token })).status, 404, 'single use');
    const members = (await as.owner.get(`${base()}/members`)).json.data.members;
    const adam = members.find((m: any) => m.user.email === 'adam@example.com');
    assert.equal(adam.role, 'admin');
    assert.deepEqual(adam.invited_by, { id: ids.owner, email: 'owner@example.com', name: 'Olive' });
    assert.equal(adam.two_factor_enabled, false);
    assert.ok(adam.joined_at);
  });

  test('invitation: an existing user accepts while signed in; another email cannot use the token', async () => {
    // An account that exists already (made by the operator, then given a password).
    await d.ctx.db.kysely.insertInto('users').values({ email: 'mia@example.com', name: 'Mia', password_hash: null, created_at: Date.now() }).execute();
    miaPassword = await passwordFor('mia@example.com');
    const inv = await as.admin.post(`${base()}/invitations`, { email: 'mia@example.com', role: 'member' });
    assert.equal(inv.status, 201, inv.text);
    const token = await d.invitationToken('mia@example.com');
    assert.equal((await as.owner.post('/dashboard/api/invitations/accept', { token })).status, 403, 'the owner is not the invitee');
    const mia = await d.signIn('mia@example.com', miaPassword);
    const mine = await mia.get('/dashboard/api/me/invitations');
    assert.equal(mine.json.data.invitations.length, 1);
    assert.equal(mine.json.data.invitations[0].team.name, "Olive's Team");
    const accepted = await mia.post(`/dashboard/api/me/invitations/${mine.json.data.invitations[0].id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    as.member = mia;
    ids.member = (await mia.get('/dashboard/api/me')).json.data.user.id;
    assert.equal((await mia.get(`${base()}/members`)).status, 200);
  });

  test('invitation: decline by token, expiry, re-invite replaces, cancel, already a member', async () => {
    await as.owner.post(`${base()}/invitations`, { email: 'dee@example.com' });
    const declineToken = await d.invitationToken('dee@example.com');
    assert.equal((await d.browser().post('/dashboard/api/invitations/decline', { token: declineToken })).status, 200);
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token: declineToken })).status, 404);

    await as.owner.post(`${base()}/invitations`, { email: 'exp@example.com' });
    const expToken = await d.invitationToken('exp@example.com');
    d.clock.advance(7 * 86_400_000 + 60_000);
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token: expToken })).status, 404, 'expired after 7 days');
    const late = await d.browser().post('/dashboard/api/signup', { email: 'exp@example.com', name: 'E', password: PASSWORD, invitation_token: expToken });
    assert.equal(late.status, 404);
    // Sessions idle past their timeout while the clock jumped: sign in again.
    as.owner = await d.signIn('owner@example.com');
    as.admin = await d.signIn('adam@example.com');
    as.member = await d.signIn('mia@example.com', miaPassword);

    await as.owner.post(`${base()}/invitations`, { email: 'rei@example.com', role: 'member' });
    const first = await d.invitationToken('rei@example.com');
    await as.owner.post(`${base()}/invitations`, { email: 'rei@example.com', role: 'admin' });
    const second = await d.invitationToken('rei@example.com');
    assert.notEqual(first, second);
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token: first })).status, 404, 'replaced');
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token: second })).json.data.role, 'admin');
    const pending = (await as.owner.get(`${base()}/invitations`)).json.data.invitations;
    assert.deepEqual(pending.map((i: any) => i.email), ['rei@example.com']);
    assert.equal((await as.owner.delete(`${base()}/invitations/${pending[0].id}`)).status, 200);
    assert.equal((await d.browser().post('/dashboard/api/invitations/lookup', { token: second })).status, 404, 'cancelled');

    const dup = await as.owner.post(`${base()}/invitations`, { email: 'adam@example.com' });
    assert.equal(dup.status, 422);
  });

  // §4.1, one row per permission: [label, request, roles allowed].
  const MATRIX: Array<[string, (b: Browser, role: Role) => Promise<{ status: number }>, Role[]]> = [
    ['send emails and use the API', (b, role) => b.post(`${base()}/emails`, { from: `${role}@matrix.test`, to: ['rcpt@example.org'], subject: 'Hi', text: 'Hello' }), ['owner', 'admin', 'member']],
    ['view analytics and logs', (b) => b.get(`${base()}/emails/events`), ['owner', 'admin', 'member']],
    ['manage domains', (b, role) => b.post(`${base()}/domains`, { domain: `${role}.roles.test` }), ['owner', 'admin', 'member']],
    ['manage templates', (b, role) => b.post(`${base()}/templates`, { name: `T ${role}`, html: '<p>x</p>' }), ['owner', 'admin', 'member']],
    ['manage webhooks', (b) => b.get(`${base()}/webhooks`), ['owner', 'admin', 'member']],
    ['update team name', (b, role) => b.patch(base(), { name: `Renamed by ${role}` }), ['owner', 'admin']],
    ['invite members', (b, role) => b.post(`${base()}/invitations`, { email: `by-${role}@example.com` }), ['owner', 'admin']],
    ['change member roles', async (b, role) => b.patch(`${base()}/members/${await target(`role-${role}`)}`, { role: 'admin' }), ['owner', 'admin']],
    ['remove members', async (b, role) => b.delete(`${base()}/members/${await target(`rm-${role}`)}`), ['owner', 'admin']],
    ['require two-factor authentication', (b) => b.put(`${base()}/require-two-factor`, { required: false }), ['owner']],
    // The owner gets past the role gate to the password check (a real deletion is the last test, on its own team).
    ['delete team', (b, role) => b.delete(base(), { password: role === 'owner' ? 'not my password!' : PASSWORD }), ['owner']],
    ['manage API keys', (b, role) => b.post(`${base()}/api-keys`, { name: `k-${role}`, permission: 'sending_only' }), ['owner', 'admin']],
    ['read the audit log', (b) => b.get(`${base()}/audit-events`), ['owner', 'admin']],
    ['read the local mailbox', (b) => b.get(`${base()}/mailbox/messages`), ['owner', 'admin']],
  ];

  for (const [label, call, allowed] of MATRIX) {
    for (const role of ['owner', 'admin', 'member'] as Role[]) {
      const ok = allowed.includes(role);
      test(`role matrix: ${role} ${ok ? 'may' : 'may not'} ${label}`, async () => {
        if (label === 'send emails and use the API') {
          const domain = await as.owner.post(`${base()}/domains`, { domain: 'matrix.test' });
          assert.ok([201, 409].includes(domain.status), domain.text);
        }
        const r = await call(as[role], role);
        if (ok && label === 'delete team') assert.equal(r.status, 422, 'past the role gate, refused for the wrong password');
        else if (ok) assert.ok(r.status >= 200 && r.status < 300, `${role} ${label}: ${r.status} ${(r as any).text}`);
        else {
          assert.equal(r.status, 403, `${role} ${label}: ${r.status}`);
          assert.equal((r as any).json.error_code, 'insufficient_scope');
        }
      });
    }
  }

  test('an admin cannot change or remove another admin, nobody the owner, and nobody becomes owner', async () => {
    const other = await target('second-admin');
    assert.equal((await as.owner.patch(`${base()}/members/${other}`, { role: 'admin' })).status, 200);
    assert.equal((await as.admin.patch(`${base()}/members/${other}`, { role: 'member' })).status, 403);
    assert.equal((await as.admin.delete(`${base()}/members/${other}`)).status, 403);
    assert.equal((await as.admin.delete(`${base()}/members/${ids.owner}`)).status, 403);
    assert.equal((await as.owner.patch(`${base()}/members/${other}`, { role: 'owner' })).status, 422);
    assert.equal((await as.owner.delete(`${base()}/members/${ids.owner}`)).status, 403, 'the owner cannot leave');
  });

  test('a key made on the dashboard works on /api and is attributed to the user who made it', async () => {
    const made = await as.admin.post(`${base()}/api-keys`, { name: 'deploy', permission: 'full_access' });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.data.created_by, ids.admin);
    const check = await d.api.get('/api/auth/check', made.json.data.key);
    assert.equal(check.status, 200);
    assert.equal(check.json.data.team_id, teamId);
  });

  test('removal ends access at once; a user left with no team gets a personal team; a member may leave', async () => {
    const before = (await as.member.get('/dashboard/api/me')).json.data.teams;
    assert.deepEqual(before.map((t: any) => t.id), [teamId]);
    assert.equal((await as.admin.delete(`${base()}/members/${ids.member}`)).status, 200);
    const gone = await as.member.get(`${base()}/domains`);
    assert.equal(gone.status, 404);
    const after = (await as.member.get('/dashboard/api/me')).json.data.teams;
    assert.equal(after.length, 1);
    assert.equal(after[0].role, 'owner');
    assert.equal(after[0].name, "Mia's Team");

    const leaver = await target('leaver');
    const leaverBrowser = await d.signIn('leaver@example.com', await passwordFor('leaver@example.com'));
    assert.equal((await leaverBrowser.delete(`${base()}/members/${leaver}`)).status, 200);
    assert.equal((await leaverBrowser.get(`${base()}/members`)).status, 404);
  });

  test('the audit trail: who did what to whom, from where', async () => {
    const r = await as.owner.get(`${base()}/audit-events?limit=1000`);
    assert.equal(r.status, 200);
    const events = r.json.data.events as any[];
    const has = (action: string, actorId?: number) => events.some((e) => e.action === action && (actorId === undefined || e.actor.id === actorId));
    for (const [action, actor] of [
      ['team.created', ids.owner], ['invitation.created', ids.owner], ['invitation.created', ids.admin], ['invitation.accepted', undefined],
      ['invitation.declined', undefined], ['invitation.cancelled', ids.owner], ['membership.added', undefined], ['membership.role_changed', ids.owner],
      ['membership.removed', ids.admin], ['membership.left', undefined], ['team.renamed', undefined], ['api_key.created', ids.admin],
    ] as Array<[string, number | undefined]>) {
      assert.ok(has(action, actor), `${action} by ${actor ?? 'anyone'} is in the trail`);
    }
    for (const e of events.filter((x) => x.actor.type === 'user')) assert.equal(e.ip, '127.0.0.1', e.action);
    const byActor = await as.owner.get(`${base()}/audit-events?actor=user:${ids.admin}`);
    assert.ok(byActor.json.data.events.length > 0);
    assert.ok(byActor.json.data.events.every((e: any) => e.actor.id === ids.admin));
    const future = await as.owner.get(`${base()}/audit-events?from=2999-01-01T00:00:00Z`);
    assert.equal(future.json.data.events.length, 0);
    const csv = await as.owner.get(`${base()}/audit-events/export?action=invitation.created`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(lines[0], 'id,created_at,actor_type,actor_id,action,target_type,target_id,ip,user_agent,details');
    assert.ok(lines.length > 2);
    assert.ok(lines.slice(1).every((l) => l.includes(',invitation.created,')));
  });

  test('team deletion: owner with the password; keys stop at once; members get a team; data is purged', async () => {
    const { browser: boss, data } = await d.signUp('boss@example.com', { name: 'Boss' }).catch(async () => {
      // invite-only instance: join through an invitation to the owner's team first, then make a team of one's own
      await as.owner.post(`${base()}/invitations`, { email: 'boss@example.com' });
      return d.signUp('boss@example.com', { name: 'Boss', invitation_token: await d.invitationToken('boss@example.com') });
    });
    const created = await boss.post('/dashboard/api/teams', { name: 'Doomed' });
    assert.equal(created.status, 201);
    const doomed = created.json.data.team.id;
    assert.equal(created.json.data.team.role, 'owner');
    await boss.post(`/dashboard/api/teams/${doomed}/domains`, { domain: 'doomed.test' });
    const key = (await boss.post(`/dashboard/api/teams/${doomed}/api-keys`, { name: 'k', permission: 'full_access' })).json.data.key;
    const solo = await target('solo');
    await d.ctx.db.kysely.deleteFrom('memberships').where('user_id', '=', solo).execute();
    await d.ctx.db.kysely.insertInto('memberships').values({ team_id: doomed, user_id: solo, role: 'member', invited_by: data.user.id, joined_at: Date.now() }).execute();

    assert.equal((await boss.delete(`/dashboard/api/teams/${doomed}`, { password: 'not my password!' })).status, 422);
    assert.equal((await boss.delete(`/dashboard/api/teams/${doomed}`, { password: PASSWORD })).status, 200);
    assert.equal((await d.api.get('/api/auth/check', key)).status, 401);
    assert.equal((await boss.get(`/dashboard/api/teams/${doomed}`)).status, 404);
    const soloTeams = await d.ctx.db.kysely.selectFrom('memberships').select('role').where('user_id', '=', solo).execute();
    assert.deepEqual(soloTeams.map((m) => m.role), ['owner'], 'the orphaned member got a personal team');
    await d.runJobs();
    assert.equal(await d.ctx.db.kysely.selectFrom('teams').select('id').where('id', '=', doomed).executeTakeFirst(), undefined);
    assert.equal((await d.ctx.db.kysely.selectFrom('sending_domains').select('id').where('team_id', '=', doomed).execute()).length, 0);
    const trail = await d.ctx.db.kysely.selectFrom('audit_events').select('action').where('team_id', '=', doomed).execute();
    assert.ok(trail.some((t) => t.action === 'team.deleted'), 'the audit trail outlives the team');
  });
});
