// What an operator does when someone is locked out (issue 12 §6): `lettr user reset-2fa --email E` and
// `lettr user reset-password --email E`, run as the real CLI against the server's database. Both end the user's
// sessions and are audited in the user's teams. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';
import { runLettr } from '../helpers/spawn.js';

forEachDatabase('accounts: operator CLI for locked-out users', (db) => {
  let d: Dashboard;
  const env = () => ({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });
  before(async () => {
    d = await startDashboard(db());
  });
  after(() => d.close());

  test('reset-2fa turns 2FA off and ends sessions; reset-password prints a new password once', async () => {
    const { browser, data } = await d.signUp('locked@example.com');
    const teamId = data.teams[0].id;
    const setup = await browser.post('/dashboard/api/me/two-factor/setup', { password: PASSWORD });
    assert.equal((await browser.post('/dashboard/api/me/two-factor/confirm', { code: d.code(setup.json.data.secret) })).status, 200);

    const r2fa = await runLettr(['user', 'reset-2fa', '--email', 'Locked@Example.com', '--json'], env());
    assert.equal(r2fa.code, 0, r2fa.stderr);
    assert.deepEqual(r2fa.json, { user_id: data.user.id, email: 'Locked@Example.com', two_factor_was_enabled: true });
    assert.equal((await browser.get('/dashboard/api/me')).status, 401, 'their sessions ended');
    const again = await d.signIn('locked@example.com');
    assert.equal((await again.get('/dashboard/api/me')).json.data.user.two_factor_enabled, false);

    const rpw = await runLettr(['user', 'reset-password', '--email', 'locked@example.com', '--json'], env());
    assert.equal(rpw.code, 0, rpw.stderr);
    assert.match(rpw.json.password, /^[A-Za-z0-9_-]{24}$/);
    assert.equal((await again.get('/dashboard/api/me')).status, 401);
    assert.equal((await d.browser().post('/dashboard/api/session', { email: 'locked@example.com', password: PASSWORD })).status, 401);
    await d.signIn('locked@example.com', rpw.json.password);

    const trail = await d.ctx.db.kysely.selectFrom('audit_events').select(['action', 'actor_type', 'details']).where('team_id', '=', teamId).orderBy('id').execute();
    const reset2fa = trail.find((t) => t.action === 'two_factor.reset_by_operator');
    const resetPw = trail.find((t) => t.action === 'user.password_reset_by_operator');
    assert.ok(reset2fa && resetPw);
    assert.equal(reset2fa.actor_type, 'system');
    assert.equal(JSON.parse(reset2fa.details).via, 'cli');
    assert.ok(!JSON.stringify(trail).includes(rpw.json.password), 'the new password is not in the audit trail');

    const unknown = await runLettr(['user', 'reset-2fa', '--email', 'nobody@example.com'], env());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--email \S+: no user with that email/);

    const teams = await runLettr(['team', 'list', '--json'], env());
    assert.equal(teams.code, 0, teams.stderr);
    assert.ok(teams.json.teams.some((t: any) => t.id === teamId && t.members === 1));
  });
});
