// Accounts over real HTTP with a real cookie jar (issue 12 "done when"): first sign-up, invite-only sign-up, sign-in
// and sign-out, the session cookie's attributes and rotation, idle and absolute timeouts, the same answer for an
// unknown email and a wrong password, CSRF refusals, and the browser-sessions list with revoke. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bootstrapIfEmpty } from '../../src/accounts/index.js';
import { Browser } from '../helpers/cookie-browser.js';
import { forEachDatabase } from '../helpers/databases.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';

const auditActions = async (d: Dashboard, teamId: number) =>
  (await d.ctx.db.kysely.selectFrom('audit_events').select(['action', 'actor_type', 'actor_id', 'ip']).where('team_id', '=', teamId).orderBy('id').execute());

forEachDatabase('accounts: sign-up and sign-in', (db) => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard(db(), { LETTR_SIGNUP: 'invite' });
  });
  after(() => d.close());

  test('the first account becomes owner of the team the first start created; then sign-up is by invitation', async () => {
    const boot = await bootstrapIfEmpty(d.ctx.db.kysely);
    assert.ok(boot);
    const { browser, data } = await d.signUp('Ada@Example.com', { name: 'Ada' });
    assert.equal(data.status, 'signed_in');
    assert.equal(data.user.email, 'ada@example.com');
    assert.deepEqual(data.teams.map((t: any) => [t.id, t.name, t.role]), [[boot.teamId, 'Default team', 'owner']]);
    const me = await browser.get('/dashboard/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.data.user.two_factor_enabled, false);
    const actions = await auditActions(d, boot.teamId);
    assert.ok(actions.some((a) => a.action === 'user.signed_up' && a.actor_type === 'user' && a.actor_id === data.user.id && a.ip === '127.0.0.1'));

    const stranger = d.browser();
    const refused = await stranger.post('/dashboard/api/signup', { email: 'eve@example.com', name: 'Eve', password: PASSWORD });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error_code, 'forbidden');
    const taken = await stranger.post('/dashboard/api/signup', { email: 'ada@example.com', name: 'Ada 2', password: PASSWORD });
    assert.equal(taken.status, 422);
  });

  test('password policy: length and the common-password list', async () => {
    const b = d.browser();
    const short = await b.post('/dashboard/api/signup', { email: 'p1@example.com', name: 'P', password: 'short' });
    assert.equal(short.status, 422);
    assert.match(short.json.errors.password[0], /at least 10/);
    const common = await b.post('/dashboard/api/signup', { email: 'p1@example.com', name: 'P', password: 'password1234' });
    assert.equal(common.status, 422);
    assert.match(common.json.errors.password[0], /too common/);
  });

  test('sign-in sets an HttpOnly SameSite=Lax cookie, rotates the id, and sign-out ends the session', async () => {
    const b = d.browser();
    const first = await b.post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD });
    assert.equal(first.status, 200);
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('lettr_session='))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.doesNotMatch(setCookie, /Secure/i, 'plain HTTP from an untrusted peer: no Secure flag');
    const firstId = await b.cookie('lettr_session');

    // Signing in again from the same browser: a new id, and the old one is dead.
    const old = new Browser(d.url);
    await old.jar.setCookie(`lettr_session=${firstId}`, d.url);
    await b.post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD });
    const secondId = await b.cookie('lettr_session');
    assert.notEqual(secondId, firstId);
    assert.equal((await old.get('/dashboard/api/me')).status, 401);
    assert.equal((await b.get('/dashboard/api/me')).status, 200);

    const out = await b.delete('/dashboard/api/session');
    assert.equal(out.status, 200);
    const after = await b.get('/dashboard/api/me');
    assert.equal(after.status, 401);
    assert.equal(after.json.error_code, 'unauthenticated');
  });

  test('an unknown email and a wrong password get the same answer', async () => {
    const a = await d.browser().post('/dashboard/api/session', { email: 'nobody@example.com', password: PASSWORD });
    const b = await d.browser().post('/dashboard/api/session', { email: 'ada@example.com', password: 'wrong password here' });
    assert.equal(a.status, 401);
    assert.deepEqual(a.json, b.json);
    assert.equal(a.json.error_code, 'invalid_credentials');
  });

  test('Secure is set when HTTPS is reported by a trusted proxy', async () => {
    // This instance trusts no proxy: X-Forwarded-Proto from the peer is ignored.
    const ignored = await d.browser().post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
    assert.doesNotMatch(ignored.headers.getSetCookie().find((c) => c.startsWith('lettr_session='))!, /Secure/i);
  });

  test('idle and absolute timeouts end a session', async () => {
    const b = await d.signIn('ada@example.com');
    d.clock.advance(11 * 3_600_000); // within the 12 h idle timeout
    assert.equal((await b.get('/dashboard/api/me')).status, 200);
    d.clock.advance(12 * 3_600_000 + 60_000); // idle past 12 h
    assert.equal((await b.get('/dashboard/api/me')).status, 401);

    const busy = await d.signIn('ada@example.com');
    for (let i = 0; i < 16; i++) {
      d.clock.advance(11 * 3_600_000);
      const r = await busy.get('/dashboard/api/me');
      if (i < 15) assert.equal(r.status, 200, `request ${i}`); // 15 × 11 h = 165 h < 7 d (168 h)
      else assert.equal(r.status, 401, 'past the 7-day lifetime even though active');
    }
  });

  test('CSRF: a foreign Origin or a missing token is refused with 403; GETs are not affected', async () => {
    const b = await d.signIn('ada@example.com');
    const foreign = await b.patch('/dashboard/api/me', { name: 'Mallory' }, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.error_code, 'csrf_failed');
    const noToken = await b.patch('/dashboard/api/me', { name: 'Mallory' }, { origin: null, noCsrf: true });
    assert.equal(noToken.status, 403);
    const wrongToken = await b.patch('/dashboard/api/me', { name: 'Mallory' }, { headers: { 'x-csrf-token': 'x'.repeat(43) }, noCsrf: true });
    assert.equal(wrongToken.status, 403);
    const loginCsrf = await d.browser().post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD }, { origin: 'https://evil.example' });
    assert.equal(loginCsrf.status, 403, 'sign-in itself is protected (login CSRF)');
    const noOrigin = await b.patch('/dashboard/api/me', { name: 'Ada L.' }, { origin: null });
    assert.equal(noOrigin.status, 200, 'no Origin but the token: a browser that sends no Origin still works');
    assert.equal((await b.get('/dashboard/api/me', { origin: 'https://evil.example' })).status, 200);
    const me = await b.get('/dashboard/api/me');
    assert.equal(me.json.data.user.name, 'Ada L.');
    assert.equal(me.json.data.csrf_token, await b.cookie('lettr_csrf'));
  });

  test('an API key is not a dashboard credential', async () => {
    const teamId = (await d.ctx.db.kysely.selectFrom('teams').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const { key } = await d.createKey(teamId);
    const r = await d.browser().get(`/dashboard/api/teams/${teamId}/domains`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(r.status, 401);
  });

  test('browser sessions: listed with device, IP and last seen; revoke one; revoke all others with the password', async () => {
    const laptop = await d.signIn('ada@example.com');
    const phone = new Browser(d.url, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1');
    assert.equal((await phone.post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD })).status, 200);
    const third = await d.signIn('ada@example.com');
    const list = await laptop.get('/dashboard/api/me/sessions');
    assert.equal(list.status, 200);
    const sessions = list.json.data.sessions as any[];
    const current = sessions.filter((s) => s.current);
    assert.equal(current.length, 1);
    const phoneRow = sessions.find((s) => s.device === 'Safari on iOS');
    assert.ok(phoneRow, JSON.stringify(sessions));
    assert.equal(phoneRow.ip, '127.0.0.1');
    assert.ok(phoneRow.last_seen_at);

    assert.equal((await laptop.delete(`/dashboard/api/me/sessions/${phoneRow.id}`)).status, 200);
    assert.equal((await phone.get('/dashboard/api/me')).status, 401);

    const wrong = await laptop.post('/dashboard/api/me/sessions/revoke-others', { password: 'not my password!' });
    assert.equal(wrong.status, 422);
    const others = await laptop.post('/dashboard/api/me/sessions/revoke-others', { password: PASSWORD });
    assert.equal(others.status, 200);
    assert.ok(others.json.data.revoked >= 1);
    assert.equal((await third.get('/dashboard/api/me')).status, 401);
    assert.equal((await laptop.get('/dashboard/api/me')).status, 200);
    assert.equal((await laptop.delete('/dashboard/api/me/sessions/999999')).status, 404);
  });

  test('password change keeps other sessions (spec §3.2) and the old password stops working', async () => {
    const a = await d.signIn('ada@example.com');
    const other = await d.signIn('ada@example.com');
    const wrong = await a.put('/dashboard/api/me/password', { current_password: 'not my password!', password: 'a new long passphrase 9' });
    assert.equal(wrong.status, 422);
    assert.ok(wrong.json.errors.current_password);
    const ok = await a.put('/dashboard/api/me/password', { current_password: PASSWORD, password: 'a new long passphrase 9' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await other.get('/dashboard/api/me')).status, 200);
    assert.equal((await d.browser().post('/dashboard/api/session', { email: 'ada@example.com', password: PASSWORD })).status, 401);
    await d.signIn('ada@example.com', 'a new long passphrase 9');
    const back = await a.put('/dashboard/api/me/password', { current_password: 'a new long passphrase 9', password: PASSWORD });
    assert.equal(back.status, 200);
    const email = await a.put('/dashboard/api/me/email', { email: 'ada.l@example.com', password: PASSWORD });
    assert.equal(email.status, 200, email.text);
    assert.equal(email.json.data.user.email, 'ada.l@example.com');
    await d.signIn('ada.l@example.com');
  });
});

forEachDatabase('accounts: sign-in throttling', (db) => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard(db());
    d.clock.freeze(); // one throttle window for the whole test
    await d.signUp('target@example.com');
  });
  after(() => d.close());

  test('10 failures for one account block it (even the right password) with 429 and Retry-After', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await d.browser().post('/dashboard/api/session', { email: 'target@example.com', password: `wrong password ${i}` });
      assert.equal(r.status, 401);
    }
    const blocked = await d.browser().post('/dashboard/api/session', { email: 'target@example.com', password: PASSWORD });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.error_code, 'rate_limit_exceeded');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    // An unknown email is throttled the same way (no account enumeration through the throttle).
    for (let i = 0; i < 10; i++) await d.browser().post('/dashboard/api/session', { email: 'ghost@example.com', password: `wrong password ${i}` });
    assert.equal((await d.browser().post('/dashboard/api/session', { email: 'ghost@example.com', password: PASSWORD })).status, 429);
    d.clock.thaw();
    d.clock.advance(16 * 60_000);
    d.clock.freeze();
    assert.equal((await d.browser().post('/dashboard/api/session', { email: 'target@example.com', password: PASSWORD })).status, 200);
  });

  test('30 failures from one IP block that IP for every account', async () => {
    d.clock.thaw();
    d.clock.advance(16 * 60_000);
    d.clock.freeze();
    for (let i = 0; i < 30; i++) {
      const r = await d.browser().post('/dashboard/api/session', { email: `spray${i}@example.com`, password: 'wrong password!' });
      assert.equal(r.status, 401, `attempt ${i}`);
    }
    const blocked = await d.browser().post('/dashboard/api/session', { email: 'target@example.com', password: PASSWORD });
    assert.equal(blocked.status, 429);
  });
});

forEachDatabase('accounts: behind a trusted HTTPS proxy', (db) => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard(db(), { LETTR_TRUST_PROXY: '127.0.0.1' });
    await d.signUp('proxied@example.com');
  });
  after(() => d.close());

  test('X-Forwarded-Proto: https from a proxy in LETTR_TRUST_PROXY makes the cookies Secure', async () => {
    const origin = new URL(d.url).origin.replace('http:', 'https:');
    const https = { 'x-forwarded-proto': 'https' };
    // The jar would not send Secure cookies over this test's plain HTTP leg, so the token travels by hand.
    const csrf = (await d.browser().get('/dashboard/api/csrf', { headers: https })).json.data.csrf_token;
    const withToken = { ...https, cookie: `lettr_csrf=${csrf}`, 'x-csrf-token': csrf };
    const r = await d.browser().post('/dashboard/api/session', { email: 'proxied@example.com', password: PASSWORD }, { headers: withToken, origin, noCsrf: true });
    assert.equal(r.status, 200, r.text);
    for (const name of ['lettr_session', 'lettr_csrf']) {
      const c = r.headers.getSetCookie().find((x) => x.startsWith(`${name}=`));
      assert.ok(c, name);
      assert.match(c, /;\s*Secure/i, name);
    }
    // The HTTP origin is not this server's origin once the proxy says the page is HTTPS.
    const mixed = await d.browser().post('/dashboard/api/session', { email: 'proxied@example.com', password: PASSWORD }, { headers: withToken, noCsrf: true });
    assert.equal(mixed.status, 403);
  });
});
