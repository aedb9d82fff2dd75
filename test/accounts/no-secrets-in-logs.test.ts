// No password, TOTP seed, recovery code, session id, invitation token or API key secret appears in any log line or
// audit entry (issue 12 "done when"). Every account flow runs with the logger at `trace`, into memory; then every
// captured line and every audit row (details, user agent, everything) is searched for every secret the flows
// handled. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/http/logger.js';
import { Browser } from '../helpers/cookie-browser.js';
import { forEachDatabase } from '../helpers/databases.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';

forEachDatabase('accounts: secrets never reach logs or the audit trail', (db) => {
  let d: Dashboard;
  const lines: string[] = [];
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined) => {
    assert.ok(value && value.length >= 8, `${what} was captured`);
    secrets.set(value, what);
  };

  before(async () => {
    const log = createLogger('trace', { write: (s: string) => void lines.push(s) });
    d = await startDashboard(db(), {}, { log });
  });
  after(() => d.close());

  test('run every flow that handles a secret', async () => {
    const newPassword = 'another long passphrase 77';
    keep('password', PASSWORD);
    keep('new password', newPassword);
    keep('wrong password', 'wrong password 12345');
    const { browser, data } = await d.signUp('secret@example.com');
    const teamId = data.teams[0].id;
    keep('session id', await browser.cookie('lettr_session'));
    await d.browser().post('/dashboard/api/session', { email: 'secret@example.com', password: 'wrong password 12345' });

    const setup = await browser.post('/dashboard/api/me/two-factor/setup', { password: PASSWORD });
    const seed = setup.json.data.secret as string;
    keep('TOTP seed', seed);
    const confirm = await browser.post('/dashboard/api/me/two-factor/confirm', { code: d.code(seed) });
    const codes = confirm.json.data.recovery_codes as string[];
    for (const c of codes) {
      keep('recovery code', c);
      keep('recovery code (bare)', c.replace(/-/g, ''));
    }
    keep('rotated session id', await browser.cookie('lettr_session'));
    d.clock.advance(30_000);

    const b2 = new Browser(d.url);
    await b2.post('/dashboard/api/session', { email: 'secret@example.com', password: PASSWORD });
    keep('pending session id', await b2.cookie('lettr_session'));
    await b2.post('/dashboard/api/session/two-factor', { recovery_code: codes[0] });
    keep('session id after recovery code', await b2.cookie('lettr_session'));
    await b2.post('/dashboard/api/session/two-factor', { recovery_code: codes[1] });

    const key = await browser.post(`/dashboard/api/teams/${teamId}/api-keys`, { name: 'deploy', permission: 'full_access' });
    keep('API key', key.json.data.key);
    const rotated = await browser.post(`/dashboard/api/teams/${teamId}/api-keys/${key.json.data.id}/rotate`, {});
    keep('rotated API key', rotated.json.data.key);
    await d.api.get('/api/auth/check', key.json.data.key);
    await d.api.get('/api/auth/check', `${key.json.data.key.slice(0, -1)}X`);

    await browser.post(`/dashboard/api/teams/${teamId}/invitations`, { email: 'invitee@example.com', role: 'admin' });
    const token = await d.invitationToken('invitee@example.com');
    keep('invitation token', token);
    await d.browser().post('/dashboard/api/invitations/lookup', { token });
    const invitee = await d.signUp('invitee@example.com', { invitation_token: token });
    keep('invitee session id', await invitee.browser.cookie('lettr_session'));

    await browser.put('/dashboard/api/me/password', { current_password: PASSWORD, password: newPassword });
    await browser.post('/dashboard/api/me/two-factor/recovery-codes', { password: newPassword }).then((r) => {
      for (const c of r.json.data.recovery_codes as string[]) keep('regenerated recovery code', c);
    });
    await browser.delete('/dashboard/api/session');
    await d.runJobs();
  });

  test('no captured log line and no audit row contains any of them', async () => {
    assert.ok(lines.length > 20, `the logger captured the flows (${lines.length} lines)`);
    // The scan sees the account paths' own lines, not just access lines.
    assert.ok(lines.some((l) => l.includes('dashboard sign-in failed')));
    assert.ok(lines.some((l) => l.includes('/dashboard/api/session/two-factor')));
    const audit = await d.ctx.db.kysely.selectFrom('audit_events').selectAll().execute();
    assert.ok(audit.length > 10);
    const haystacks = [...lines.map((l, i) => [`log line ${i}`, l] as const), ...audit.map((a) => [`audit ${a.action}`, JSON.stringify(a)] as const)];
    for (const [where, text] of haystacks) {
      for (const [secret, what] of secrets) assert.ok(!text.includes(secret), `${what} found in ${where}: ${text.slice(0, 300)}`);
    }
  });
});
