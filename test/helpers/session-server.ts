// A listening Lettr for dashboard tests: the test harness (real database, test clock) served over real HTTP on
// 127.0.0.1, the built-in mailbox running (invitations go through Lettr's own sending into it), and helpers that
// drive the dashboard API like a browser: sign up, sign in, read an invitation token from the mailbox.
import assert from 'node:assert/strict';
import type { Logger } from 'pino';
import { listMailbox } from '../../src/mailbox/store.js';
import { mailboxService } from '../../src/mailbox/service.js';
import { findSystemTeam } from '../../src/accounts/index.js';
import { totpCode } from '../../src/accounts/totp.js';
import { Browser } from './cookie-browser.js';
import type { TestDatabase } from './databases.js';
import { startHarness, type Harness } from './harness.js';

export interface Dashboard extends Harness {
  url: string;
  browser(userAgent?: string): Browser;
  /** Signs up through the API; returns the signed-in browser and the answer's data. */
  signUp(email: string, extra?: { name?: string; password?: string; invitation_token?: string }): Promise<{ browser: Browser; data: any }>;
  /** A signed-in browser (password step only; for 2FA accounts use signInWithCode). */
  signIn(email: string, password?: string): Promise<Browser>;
  /** Password step then the current TOTP code for `secret`. */
  signInWithCode(email: string, secret: string, password?: string): Promise<Browser>;
  /** The invitation token from the newest invitation mail to `email` in the built-in mailbox (runs the queue first). */
  invitationToken(email: string): Promise<string>;
  code(secret: string, offsetSteps?: number): string;
}

export const PASSWORD = 'correct horse battery staple 42';

export async function startDashboard(db: TestDatabase, env: Record<string, string> = {}, opts: { log?: Logger } = {}): Promise<Dashboard> {
  const h = await startHarness(db, { LETTR_SIGNUP: 'open', ...env }, opts);
  const mailbox = await mailboxService.start(h.ctx);
  const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
  const d: Dashboard = {
    ...h,
    url,
    browser: (ua) => new Browser(url, ua),
    async signUp(email, extra = {}) {
      const browser = new Browser(url);
      const r = await browser.post('/dashboard/api/signup', { email, name: extra.name ?? email.split('@')[0], password: extra.password ?? PASSWORD, ...(extra.invitation_token ? { invitation_token: extra.invitation_token } : {}) });
      assert.equal(r.status, 201, r.text);
      return { browser, data: r.json.data };
    },
    async signIn(email, password = PASSWORD) {
      const browser = new Browser(url);
      const r = await browser.post('/dashboard/api/session', { email, password });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.data.status, 'signed_in');
      return browser;
    },
    async signInWithCode(email, secret, password = PASSWORD) {
      const browser = new Browser(url);
      const r = await browser.post('/dashboard/api/session', { email, password });
      assert.equal(r.json.data.status, 'two_factor_required', r.text);
      const c = await browser.post('/dashboard/api/session/two-factor', { code: d.code(secret) });
      assert.equal(c.status, 200, c.text);
      return browser;
    },
    async invitationToken(email) {
      await h.runJobs();
      const systemTeam = await findSystemTeam(h.ctx.db.kysely);
      assert.ok(systemTeam, 'the system team exists once an invitation was sent');
      const rows = await listMailbox(h.ctx.db.kysely, systemTeam, { limit: 50, recipient: email });
      assert.ok(rows.length > 0, `no invitation mail for ${email} in the mailbox`);
      const m = /#token=([A-Za-z0-9_-]+)/.exec(rows[0]!.text_body ?? '');
      assert.ok(m, 'the invitation mail carries a link with the token');
      return m[1]!;
    },
    code: (secret, offsetSteps = 0) => totpCode(secret, h.clock.now() + offsetSteps * 30_000),
    async close() {
      await mailbox.stop();
      await h.close();
    },
  };
  return d;
}
