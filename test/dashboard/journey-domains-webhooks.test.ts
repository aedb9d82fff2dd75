// Dashboard journeys in real Chromium (issue 13): add a domain and see the records to publish, verify against a real
// DNS server on loopback (a missing record shows the resolver's error beside it; once published, every record is
// valid and the domain can send); create a webhook to a real HTTP receiver (signing secret shown once), send a test,
// watch the delivery with its status, latency and the answer's first bytes, reveal the secret, redeliver.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { forEachDatabase } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { ensureDashboardBuilt, journeyStep, launchChromium, screenshotBoth, type ChromiumSession, type Watched } from '../helpers/chromium.js';
import type { Browser } from '../helpers/cookie-browser.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { startDashboard, type Dashboard } from '../helpers/session-server.js';

forEachDatabase('dashboard in Chromium: domains and webhooks', (db) => {
  const test = journeyStep();
  let d: Dashboard;
  let dns: DnsTestServer;
  let receiver: HttpReceiver;
  let chrome: ChromiumSession;
  let w: Watched;
  let page: Page;
  let teamPath = '';
  let teamId = 0;
  let apiBrowser: Browser;
  before(async () => {
    await ensureDashboardBuilt();
    dns = await startDnsServer();
    receiver = await HttpReceiver.start();
    d = await startDashboard(db(), {
      LETTR_DNS_SERVERS: dns.address, LETTR_DNS_TIMEOUT: '150ms', LETTR_BOUNCE_DOMAIN: 'bounce.lettr.test',
      LETTR_SPF_INCLUDE: '_spf.lettr.test', LETTR_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const { browser, data } = await d.signUp('owner@example.com');
    apiBrowser = browser;
    teamId = data.teams[0].id;
    teamPath = `/t/${teamId}`;
    chrome = await launchChromium();
    await chrome.adoptSession(browser, d.url);
    w = await chrome.open();
    page = w.page;
  });
  after(async () => {
    await chrome?.close();
    await d?.close();
    await receiver?.close();
    await dns?.close();
  });

  test('domains: the empty state, then add one and see the records to publish', async () => {
    await page.goto(`${d.url}${teamPath}/domains`);
    await page.getByRole('heading', { name: 'No domains yet' }).waitFor();
    await screenshotBoth(page, 'domains-empty');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByRole('textbox', { name: 'Domain' }).fill('mail.example.com');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'mail.example.com' }).waitFor();
    for (const purpose of ['dkim', 'return_path', 'dmarc']) await page.getByTestId(`record-${purpose}`).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Copy DKIM value' }).isVisible());
    assert.ok(await page.getByText('Last checked never').isVisible());
  });

  test('verify now: a missing record shows the resolver\'s error; once published, every record is valid', async () => {
    dns.set('_spf.lettr.test', 'TXT', 'v=spf1 ip4:192.0.2.0/28 -all');
    dns.set('bounce.lettr.test', 'TXT', 'v=spf1 include:_spf.lettr.test -all');
    const records = (await apiBrowser.get(`/dashboard/api/teams/${teamId}/domains/mail.example.com`)).json.data.dns.records as Array<{ purpose: string; type: 'TXT' | 'CNAME'; name: string; value: string }>;
    for (const r of records) if (r.purpose !== 'dkim') dns.set(r.name, r.type, r.value);
    await page.getByRole('button', { name: 'Verify now' }).click();
    const dkim = page.getByTestId('record-dkim');
    await dkim.getByText(/no TXT records found/).waitFor();
    await dkim.getByText('invalid').waitFor();
    await page.getByTestId('record-return_path').getByText('valid', { exact: true }).waitFor();
    await screenshotBoth(page, 'domain-records');
    for (const r of records) dns.set(r.name, r.type, r.value);
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByText('Can send', { exact: true }).waitFor();
    await dkim.getByText('valid', { exact: true }).waitFor();
    assert.equal(await dkim.getByText(/no TXT records found/).count(), 0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domains' }).click();
    await page.getByRole('row', { name: /mail\.example\.com/ }).getByText('Yes').waitFor();
    await screenshotBoth(page, 'domains');
  });

  let secret = '';
  test('webhooks: create one (signing secret shown once), send a test, see the delivery', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor();
    await screenshotBoth(page, 'webhooks-empty');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook' });
    await dialog.getByLabel('Name').fill('Events to CRM');
    await dialog.getByLabel('Endpoint URL').fill(`${receiver.url}/hooks`);
    await dialog.getByText('Selected events').click();
    await dialog.getByLabel('message.delivery').check();
    await dialog.getByLabel('message.bounce').check();
    await screenshotBoth(page, 'webhook-create');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    const modal = page.getByRole('dialog', { name: 'Signing secret' });
    secret = (await modal.getByTestId('secret').textContent())!.trim();
    assert.match(secret, /^whsec_/);
    await modal.getByLabel('I have stored it').check();
    await modal.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Events to CRM' }).waitFor();
    await page.getByText('No deliveries yet').waitFor();

    receiver.script({ status: 200, body: '{"received":true}' });
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test event queued.').waitFor();
    await d.runJobs();
    assert.equal(receiver.requests.length, 1);
    await page.reload();
    const delivery = page.getByTestId('delivery').first();
    await delivery.getByText('delivered').waitFor();
    await delivery.getByText(/HTTP 200 · \d+ ms/).waitFor();
    await delivery.getByRole('button').first().click();
    await delivery.getByText('{"received":true}').waitFor();
    await screenshotBoth(page, 'webhook');
  });

  test('reveal the signing secret; redeliver adds an attempt', async () => {
    await page.getByRole('button', { name: 'Reveal' }).click();
    assert.equal((await page.getByTestId('webhook-secret').textContent())!.trim(), secret);
    receiver.script({ status: 500, body: 'try later' });
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('Queued for redelivery.').waitFor();
    await d.runJobs();
    assert.equal(receiver.requests.length, 2);
    await page.reload();
    const delivery = page.getByTestId('delivery').first();
    await delivery.getByRole('button').first().click();
    await delivery.getByText('try later').waitFor();
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.failures, []);
  });
});
