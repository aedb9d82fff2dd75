// Two-factor authentication over HTTP with a real cookie jar (issue 12 "done when"): setup confirmed by a first code
// (QR as an SVG data URL and the secret as text), sign-in asks for the code after the password, TOTP replay refused,
// recovery codes single use, regenerate, disable with the password, brute force on the code step throttled, the
// session id rotated at 2FA completion; and a team that requires 2FA sends members without it to setup. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser } from '../helpers/cookie-browser.js';
import { forEachDatabase } from '../helpers/databases.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';

async function enableTwoFactor(d: Dashboard, b: Browser): Promise<{ secret: string; codes: string[] }> {
  const setup = await b.post('/dashboard/api/me/two-factor/setup', { password: PASSWORD });
  assert.equal(setup.status, 200, setup.text);
  const { secret, otpauth_url, qr_code } = setup.json.data;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(otpauth_url, /^otpauth:\/\/totp\/Lettr:.*secret=/);
  assert.match(qr_code, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(qr_code.split(',')[1], 'base64').toString(), /<svg/);
  const confirmed = await b.post('/dashboard/api/me/two-factor/confirm', { code: d.code(secret) });
  assert.equal(confirmed.status, 200, confirmed.text);
  const codes = confirmed.json.data.recovery_codes as string[];
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  d.clock.advance(30_000); // the confirming code's step is spent
  return { secret, codes };
}

forEachDatabase('accounts: two-factor authentication', (db) => {
  let d: Dashboard;
  let secret: string;
  let codes: string[];
  before(async () => {
    d = await startDashboard(db());
    d.clock.freeze();
    await d.signUp('tf@example.com');
  });
  after(() => d.close());

  test('setup is confirmed by a first code; a wrong code does not turn 2FA on', async () => {
    const b = await d.signIn('tf@example.com');
    const noPassword = await b.post('/dashboard/api/me/two-factor/setup', { password: 'not my password!' });
    assert.equal(noPassword.status, 422);
    const setup = await b.post('/dashboard/api/me/two-factor/setup', { password: PASSWORD });
    const wrong = await b.post('/dashboard/api/me/two-factor/confirm', { code: d.code(setup.json.data.secret) === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 422);
    assert.equal((await b.get('/dashboard/api/me')).json.data.user.two_factor_enabled, false);
    const before = await b.cookie('lettr_session');
    ({ secret, codes } = await enableTwoFactor(d, b));
    assert.notEqual(await b.cookie('lettr_session'), before, 'enabling 2FA rotates the session id');
    assert.equal((await b.get('/dashboard/api/me')).json.data.user.two_factor_enabled, true);
    assert.equal((await b.post('/dashboard/api/me/two-factor/setup', { password: PASSWORD })).status, 409);
  });

  test('sign-in asks for the code after the password; the pending session reaches nothing else', async () => {
    const b = new Browser(d.url);
    const step1 = await b.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    assert.equal(step1.status, 200);
    assert.deepEqual(step1.json.data, { status: 'two_factor_required' });
    const pendingId = await b.cookie('lettr_session');
    assert.equal((await b.get('/dashboard/api/me')).status, 401, 'password alone does not sign in');
    const step2 = await b.post('/dashboard/api/session/two-factor', { code: d.code(secret) });
    assert.equal(step2.status, 200, step2.text);
    assert.equal(step2.json.data.status, 'signed_in');
    assert.notEqual(await b.cookie('lettr_session'), pendingId, 'the id changes at 2FA completion');
    assert.equal((await b.get('/dashboard/api/me')).status, 200);
    const stale = new Browser(d.url);
    await stale.jar.setCookie(`lettr_session=${pendingId}`, d.url);
    assert.equal((await stale.get('/dashboard/api/me')).status, 401);
  });

  test('a code cannot be replayed within its window', async () => {
    const used = d.code(secret); // accepted by the previous test at this same instant
    const b = new Browser(d.url);
    await b.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    const replay = await b.post('/dashboard/api/session/two-factor', { code: used });
    assert.equal(replay.status, 422);
    assert.ok(replay.json.errors.code);
    d.clock.advance(30_000);
    const next = await b.post('/dashboard/api/session/two-factor', { code: d.code(secret) });
    assert.equal(next.status, 200, 'the next step\'s code works');
    // A code from an earlier step than the last accepted one is a replay too, even inside the drift window.
    const b2 = new Browser(d.url);
    await b2.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    assert.equal((await b2.post('/dashboard/api/session/two-factor', { code: d.code(secret, -1) })).status, 422);
  });

  test('a recovery code signs in once; its second use is refused', async () => {
    const b = new Browser(d.url);
    await b.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    const ok = await b.post('/dashboard/api/session/two-factor', { recovery_code: codes[0]!.toUpperCase() });
    assert.equal(ok.status, 200, ok.text);
    const again = new Browser(d.url);
    await again.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    const reused = await again.post('/dashboard/api/session/two-factor', { recovery_code: codes[0] });
    assert.equal(reused.status, 422);
    assert.ok(reused.json.errors.recovery_code);
    assert.equal((await again.post('/dashboard/api/session/two-factor', { recovery_code: codes[1] })).status, 200);
  });

  test('regenerating invalidates every previous recovery code', async () => {
    d.clock.advance(30_000);
    const b = await d.signInWithCode('tf@example.com', secret);
    const regen = await b.post('/dashboard/api/me/two-factor/recovery-codes', { password: PASSWORD });
    assert.equal(regen.status, 200);
    const fresh = regen.json.data.recovery_codes as string[];
    assert.equal(fresh.length, 10);
    const t = new Browser(d.url);
    await t.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    assert.equal((await t.post('/dashboard/api/session/two-factor', { recovery_code: codes[5] })).status, 422);
    assert.equal((await t.post('/dashboard/api/session/two-factor', { recovery_code: fresh[5] })).status, 200);
    codes = fresh;
  });

  test('brute force on the code step is throttled per user', async () => {
    d.clock.advance(15 * 60_000);
    const b = new Browser(d.url);
    await b.post('/dashboard/api/session', { email: 'tf@example.com', password: PASSWORD });
    const right = d.code(secret);
    for (let i = 0; i < 5; i++) {
      const guess = String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
      assert.equal((await b.post('/dashboard/api/session/two-factor', { code: guess })).status, 422);
    }
    const blocked = await b.post('/dashboard/api/session/two-factor', { code: right });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    d.clock.advance(15 * 60_000);
  });

  test('disable needs the password; afterwards the password alone signs in', async () => {
    d.clock.advance(30_000);
    const b = await d.signInWithCode('tf@example.com', secret);
    assert.equal((await b.delete('/dashboard/api/me/two-factor', { password: 'not my password!' })).status, 422);
    assert.equal((await b.delete('/dashboard/api/me/two-factor', { password: PASSWORD })).status, 200);
    await d.signIn('tf@example.com');
    const actions = (await d.ctx.db.kysely.selectFrom('audit_events').select('action').orderBy('id').execute()).map((r) => r.action);
    for (const a of ['two_factor.enabled', 'two_factor.recovery_code_used', 'two_factor.recovery_codes_regenerated', 'two_factor.disabled', 'session.signed_in']) {
      assert.ok(actions.includes(a), `${a} is audited`);
    }
  });
});

forEachDatabase('accounts: a team that requires 2FA', (db) => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard(db());
  });
  after(() => d.close());

  test('members without 2FA are sent to setup and reach nothing else of that team until done', async () => {
    const { browser: owner, data } = await d.signUp('owner2fa@example.com');
    const teamId = data.teams[0].id;
    const { browser: member, data: m } = await d.signUp('member2fa@example.com');
    await d.ctx.db.kysely.insertInto('memberships').values({ team_id: teamId, user_id: m.user.id, role: 'member', invited_by: data.user.id, joined_at: Date.now() }).execute();
    assert.equal((await member.get(`/dashboard/api/teams/${teamId}/domains`)).status, 200);

    assert.equal((await owner.put(`/dashboard/api/teams/${teamId}/require-two-factor`, { required: true })).status, 403, 'the owner needs 2FA to keep reaching the team too');
    const { secret: ownerSecret } = await enableTwoFactor(d, owner);
    const req = await owner.put(`/dashboard/api/teams/${teamId}/require-two-factor`, { required: true });
    assert.equal(req.status, 200, req.text);
    assert.equal(req.json.data.team.members_without_two_factor, 1);
    assert.ok(ownerSecret);

    for (const path of ['domains', 'emails', 'templates', 'members', '']) {
      const r = await member.get(`/dashboard/api/teams/${teamId}${path ? '/' + path : ''}`);
      assert.equal(r.status, 403, path);
      assert.equal(r.json.error_code, 'two_factor_required');
    }
    const me = await member.get('/dashboard/api/me');
    const t = me.json.data.teams.find((x: any) => x.id === teamId);
    assert.equal(t.two_factor_setup_required, true);
    const ownTeam = me.json.data.teams.find((x: any) => x.id !== teamId);
    assert.equal((await member.get(`/dashboard/api/teams/${ownTeam.id}/domains`)).status, 200, 'other teams are unaffected');

    await enableTwoFactor(d, member);
    assert.equal((await member.get(`/dashboard/api/teams/${teamId}/domains`)).status, 200);
    const audit = await owner.get(`/dashboard/api/teams/${teamId}/audit-events?action=team.two_factor_required`);
    assert.equal(audit.json.data.events.length, 1);
    assert.deepEqual(audit.json.data.events[0].actor, { type: 'user', id: data.user.id });
  });
});
