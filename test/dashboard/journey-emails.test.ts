// Dashboard journeys in real Chromium (issue 13): send an email with an API key and watch it appear in the Emails list
// (filtered by recipient, the filter in the URL), open its timeline (injection → delivery), then its copy in the local
// mailbox: the HTML rendered in a sandboxed iframe whose remote image never reaches the (real, loopback) server it
// points at.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import type { Browser } from '../helpers/cookie-browser.js';
import { forEachDatabase } from '../helpers/databases.js';
import { ensureDashboardBuilt, journeyStep, launchChromium, screenshotBoth, type ChromiumSession, type Watched } from '../helpers/chromium.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { startDashboard, type Dashboard } from '../helpers/session-server.js';

forEachDatabase('dashboard in Chromium: emails and the local mailbox', (db) => {
  const test = journeyStep();
  let d: Dashboard;
  let tracker: HttpReceiver;
  let chrome: ChromiumSession;
  let w: Watched;
  let page: Page;
  let api: Browser;
  let teamId = 0;
  let requestId = '';
  before(async () => {
    await ensureDashboardBuilt();
    tracker = await HttpReceiver.start();
    d = await startDashboard(db());
    const signed = await d.signUp('sender@example.com');
    api = signed.browser;
    teamId = signed.data.teams[0].id;
    chrome = await launchChromium();
    await chrome.adoptSession(api, d.url);
    w = await chrome.open();
    page = w.page;
  });
  after(async () => {
    await chrome?.close();
    await d?.close();
    await tracker?.close();
  });

  test('the empty Emails screen says how to send', async () => {
    await page.goto(`${d.url}/t/${teamId}/emails`);
    await page.getByRole('heading', { name: 'No emails yet' }).waitFor();
    await screenshotBoth(page, 'emails-empty');
  });

  test('an email sent with a key appears in the list; the recipient filter lives in the URL', async () => {
    assert.equal((await api.post(`/dashboard/api/teams/${teamId}/domains`, { domain: 'example.com' })).status, 201);
    const created = await api.post(`/dashboard/api/teams/${teamId}/api-keys`, { name: 'app', permission: 'sending_only' });
    const key = created.json.data.key as string;
    for (const to of ['first@example.org', 'second@example.org']) {
      const r = await fetch(`${d.url}/api/emails`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'hello@example.com', to: [to], subject: `Welcome ${to}`, text: 'Plain words',
          html: `<h1>Welcome aboard</h1><p>Hello ${to}</p><img src="${tracker.url}/pixel.png" alt="tracker">` }),
      });
      const text = await r.text();
      assert.equal(r.status, 200, text);
      if (to.startsWith('first')) requestId = (JSON.parse(text) as { data: { request_id: string } }).data.request_id;
    }
    await d.runJobs();
    await page.reload();
    await page.getByRole('link', { name: 'first@example.org' }).waitFor();
    await page.getByRole('link', { name: 'second@example.org' }).waitFor();
    await screenshotBoth(page, 'emails');
    await page.getByLabel('Recipient').fill('first@example.org');
    await page.keyboard.press('Enter');
    await page.waitForURL(/recipient=first%40example\.org/);
    await page.getByRole('link', { name: 'second@example.org' }).waitFor({ state: 'detached' });
    await page.reload(); // the filter survives a refresh
    await page.getByRole('link', { name: 'first@example.org' }).click();
    await page.waitForURL(new RegExp(`/emails/${requestId}$`));
  });

  test('the detail shows the timeline from injection to delivery', async () => {
    await page.getByRole('heading', { name: 'Welcome first@example.org' }).waitFor();
    await page.getByText('injection', { exact: true }).waitFor();
    await page.getByText('delivery', { exact: true }).waitFor();
    await screenshotBoth(page, 'email-detail');
  });

  test('the mailbox viewer renders the HTML sandboxed, with the remote image blocked', async () => {
    await page.getByRole('link', { name: /Open the copy in the local mailbox/ }).click();
    await page.getByRole('heading', { name: 'Local mailbox' }).waitFor();
    const frame = page.locator('iframe[title="Message HTML"]');
    assert.equal(await frame.getAttribute('sandbox'), '', 'a sandbox with no permissions');
    await page.frameLocator('iframe[title="Message HTML"]').getByRole('heading', { name: 'Welcome aboard' }).waitFor();
    await page.getByText('1 remote resource was blocked').waitFor();
    await page.waitForTimeout(300);
    assert.equal(tracker.requests.length, 0, 'the remote image was never fetched');
    await screenshotBoth(page, 'mailbox');
    await page.getByRole('tab', { name: 'Text' }).click();
    await page.getByText('Plain words').waitFor();
    // What the browser logs when the sandbox and the CSP do their job (the remote image, axe's script in the frame).
    assert.deepEqual(w.errors.filter((e) => !/Content Security Policy|Blocked script execution in 'about:srcdoc'/.test(e)), []);
    assert.deepEqual(w.failures, []);
  });
});
