// The dashboard in real Chromium, first journeys (issue 13 "done when"): sign up, enable 2FA, sign out and back in
// with a code, create a Sending Only key restricted to an IP (the server's field error shown beside the field first),
// see the secret once, use it, edit it, rotate it with a grace period, revoke it by typing its name; the command
// palette and keyboard; a phone-width layout. Screens are saved in light and dark; no console errors anywhere.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { forEachDatabase } from '../helpers/databases.js';
import { ensureDashboardBuilt, journeyStep, launchChromium, screenshotBoth, type ChromiumSession, type Watched } from '../helpers/chromium.js';
import { PASSWORD, startDashboard, type Dashboard } from '../helpers/session-server.js';

const EMAIL = 'ada@example.com';

async function check(d: Dashboard, key: string): Promise<number> {
  return (await fetch(`${d.url}/api/auth/check`, { headers: { authorization: `Bearer ${key}` } })).status;
}

async function storeSecret(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog');
  const secret = (await dialog.getByTestId('secret').textContent())!.trim();
  const done = dialog.getByRole('button', { name: 'Done' });
  assert.equal(await done.isDisabled(), true, 'the secret modal cannot close before "I have stored it"');
  await dialog.getByText('Shown only once').waitFor();
  await dialog.getByLabel('I have stored it').check();
  await done.click();
  await dialog.waitFor({ state: 'hidden' });
  return secret;
}

async function signInWithCode(page: Page, d: Dashboard, secret: string) {
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authentication code').fill(d.code(secret));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
}

forEachDatabase('dashboard in Chromium: account, 2FA and API keys', (db) => {
  const test = journeyStep();
  let d: Dashboard;
  let chrome: ChromiumSession;
  let w: Watched;
  let page: Page;
  let totpSecret = '';
  before(async () => {
    await ensureDashboardBuilt();
    d = await startDashboard(db());
    chrome = await launchChromium();
    w = await chrome.open();
    page = w.page;
  });
  after(async () => {
    await chrome?.close();
    await d?.close();
  });

  test('sign up lands on the API keys screen with its empty state', async () => {
    await page.goto(`${d.url}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshotBoth(page, 'sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
    await screenshotBoth(page, 'overview-empty');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    assert.match(page.url(), /\/t\/\d+\/api-keys$/);
    assert.ok((await page.locator('pre').first().textContent())!.includes(`${d.url}/api/emails`), 'the empty state snippet carries this server\'s URL');
    await screenshotBoth(page, 'api-keys-empty');
  });

  test('two-factor setup: QR, typed secret, first code, recovery codes shown once', async () => {
    await page.getByRole('button', { name: `Account menu for ${EMAIL}` }).click();
    await page.getByRole('menuitem', { name: 'Account security' }).click();
    await page.getByRole('button', { name: 'Enable two-factor' }).click();
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const setup = page.getByRole('dialog', { name: 'Scan with your authenticator app' });
    await setup.getByRole('img', { name: /QR code/ }).waitFor();
    totpSecret = (await setup.locator('pre').textContent())!.trim();
    assert.match(totpSecret, /^[A-Z2-7]{32}$/);
    await screenshotBoth(page, 'two-factor-setup');
    await setup.getByLabel('Code from the app').fill(d.code(totpSecret));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('dialog', { name: 'Recovery codes' }).waitFor();
    const codes = (await page.getByTestId('secret').textContent())!.trim().split('\n');
    assert.equal(codes.length, 10);
    await screenshotBoth(page, 'recovery-codes');
    await storeSecret(page);
    await page.getByText('On', { exact: true }).waitFor();
    await screenshotBoth(page, 'account');
    d.clock.advance(30_000); // the confirming code's step is spent
  });

  test('sign out, then sign in with the password and a code', async () => {
    await page.getByRole('button', { name: `Account menu for ${EMAIL}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/^Password/).fill('wrong password, surely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong email or password.').waitFor();
    await page.goto(`${d.url}/sign-in`);
    await signInWithCode(page, d, totpSecret);
  });

  let sendingKey = '';
  test('create a Sending Only key with an IP restriction; the secret is shown once and works', async () => {
    await page.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('ci-sender');
    assert.equal(await dialog.getByLabel('Sending only').isChecked(), true, 'Sending only is the default preset');
    await dialog.getByLabel('Allowed IPs').fill('127.0.0.1, 300.1.2.3');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText(/300\.1\.2\.3/).last().waitFor(); // the server's message beside the field
    assert.equal(await dialog.getByLabel('Name').inputValue(), 'ci-sender', 'the form keeps what was typed');
    await dialog.getByLabel('Allowed IPs').fill('127.0.0.1');
    await dialog.getByLabel('Name').press('Enter'); // Enter submits
    await page.getByRole('dialog', { name: /Your new key/ }).waitFor();
    await screenshotBoth(page, 'api-key-secret');
    sendingKey = await storeSecret(page);
    assert.match(sendingKey, /^lttr_[0-9A-Za-z]{64}$/);
    assert.equal(await check(d, sendingKey), 200);
    await page.reload();
    const row = page.getByRole('row', { name: /ci-sender/ });
    await row.getByText('from 127.0.0.1').waitFor();
    await row.getByText('Sending only').waitFor();
    await row.getByText('127.0.0.1', { exact: true }).waitFor();
    await screenshotBoth(page, 'api-keys');
  });

  test('custom scopes; edit the allowed IPs', async () => {
    await page.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('reader');
    await dialog.getByLabel('Custom').check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText('Pick at least one scope.').waitFor();
    await dialog.getByLabel('emails:read').check();
    await dialog.getByLabel('domains:read').check();
    await screenshotBoth(page, 'api-key-create-custom');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await storeSecret(page);
    await page.getByRole('row', { name: /reader/ }).getByText('2 scopes').waitFor();

    await page.getByRole('button', { name: 'Actions for ci-sender' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “ci-sender”' });
    await edit.getByLabel('Allowed IPs').fill('127.0.0.1\n10.0.0.0/8');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /ci-sender/ }).getByText('127.0.0.1, 10.0.0.0/8').waitFor();
  });

  test('rotate with a grace period: both secrets work until it ends', async () => {
    await page.getByRole('button', { name: 'Actions for ci-sender' }).click();
    await page.getByRole('menuitem', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate “ci-sender”' });
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByRole('dialog', { name: /New secret for/ }).getByText(/old key keeps working until/).waitFor();
    const rotated = await storeSecret(page);
    assert.notEqual(rotated, sendingKey);
    assert.equal(await check(d, rotated), 200);
    assert.equal(await check(d, sendingKey), 200, 'the old secret works during the grace period');
    await page.getByRole('row', { name: /ci-sender.*expiring/ }).waitFor();
    sendingKey = rotated;
  });

  test('revoke by typing the name (keyboard only); the key stops working', async () => {
    const active = page.getByRole('row', { name: /ci-sender.*active/ });
    await active.getByRole('button', { name: 'Actions for ci-sender' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke API key' });
    const confirm = dialog.getByRole('button', { name: 'Revoke key' });
    assert.equal(await confirm.isDisabled(), true, 'revoke waits for the name');
    await dialog.getByLabel(/Type/).pressSequentially('ci-sender');
    await screenshotBoth(page, 'api-key-revoke');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await active.waitFor({ state: 'detached' });
    assert.equal(await check(d, sendingKey), 401);
  });

  test('the overview shows the failed authentication with the revoked key, the new keys and the member', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const row = page.getByTestId('failed-auth').filter({ hasText: sendingKey.slice(0, 12) });
    await row.getByText('revoked key').waitFor();
    await row.getByText('127.0.0.1').waitFor();
    await page.getByRole('link', { name: 'reader' }).waitFor();
    await page.getByText('ada@example.com').waitFor();
    await screenshotBoth(page, 'overview');
  });

  test('command palette (Ctrl+K) jumps between screens; Esc closes it', async () => {
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Search' }).waitFor();
    await screenshotBoth(page, 'command-palette');
    await page.keyboard.type('account');
    await page.getByRole('button', { name: /Account security/ }).and(page.locator('[data-selected]')).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    await page.getByRole('textbox', { name: 'Search' }).waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Account security' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Search' }).waitFor();
    await page.keyboard.type('API keys');
    await page.getByRole('button', { name: /API keys/ }).and(page.locator('[data-selected]')).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/api-keys/);
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Search' }).waitFor({ state: 'hidden' });
  });

  test('phone width: navigation in a drawer, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await screenshotBoth(page, 'api-keys-phone');
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page.getByRole('link', { name: 'Account security' }).first().click();
    await page.waitForURL(/\/account$/);
    await screenshotBoth(page, 'account-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('a client-side URL loads the app on refresh; no console errors during the journey', async () => {
    await page.goto(`${d.url}/account`);
    await page.getByRole('heading', { name: 'Account security' }).waitFor();
    assert.deepEqual(w.errors, []);
    const unexpected = w.failures.filter((f) => !/^401 GET \/dashboard\/api\/me$/.test(f) && !/^422 POST \/dashboard\/api\/teams\/\d+\/api-keys$/.test(f) && f !== '401 POST /dashboard/api/session');
    assert.deepEqual(unexpected, []);
  });
});
