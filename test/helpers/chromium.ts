// Real Chromium for dashboard journeys: Debian's /usr/bin/chromium driven by playwright-core (never a downloaded
// browser), a fresh user-data-dir per launch, the built dashboard (web/dist; rebuilt first when web/ is newer), and a
// page that records console errors, uncaught exceptions and failed responses so a journey can assert there were none.
// Screenshots go to .tmp/screenshots (CI keeps them as artifacts), in light and dark.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LETTR_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('.tmp/screenshots');
const WEB = path.resolve('web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

function builtIsFresh(): boolean {
  const index = path.join(WEB, 'dist', 'index.html');
  const sourcesAt = Math.max(newestMtime(path.join(WEB, 'src')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs);
  return fs.existsSync(index) && fs.statSync(index).mtimeMs >= sourcesAt;
}

/**
 * web/dist as the sources say: built when missing or older than web/src (a developer edited the app). Test files run
 * in parallel, so one builds (holding a lock directory) while the others wait, then find it fresh.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  if (builtIsFresh()) return;
  const lock = path.resolve('.tmp/web-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after two minutes.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (builtIsFresh()) return;
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    assert.equal(r.status, 0, 'vite build of the dashboard failed');
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface Watched {
  page: Page;
  /** Console errors and uncaught exceptions so far (the browser's own "Failed to load resource" lines excluded: responses are checked in `responses`). */
  errors: string[];
  /** Every response with status >= 400: "STATUS METHOD PATH". */
  failures: string[];
}

export interface ChromiumSession {
  context: BrowserContext;
  /** Takes over a signed-in API browser's session cookie (sign-up itself is covered by the first journey). */
  adoptSession(from: { cookie(name: string): Promise<string | undefined> }, url: string): Promise<void>;
  open(): Promise<Watched>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<ChromiumSession> {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async adoptSession(from, url) {
      const value = await from.cookie('lettr_session');
      assert.ok(value, 'the API browser is signed in');
      await context.addCookies([{ name: 'lettr_session', value, url, httpOnly: true, sameSite: 'Lax' }]);
    },
    async open() {
      const page = await context.newPage();
      const watched: Watched = { page, errors: [], failures: [] };
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) watched.errors.push(m.text());
      });
      page.on('pageerror', (e) => watched.errors.push(`uncaught: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) watched.failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      return watched;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** axe-core's serious and critical findings on the page as it is now ("rule: first target"), for the quality bar. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // With a dialog open, the page behind it is inert and dimmed by the overlay: check the dialog.
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (await page.getByRole('dialog').count()) builder.include('[role="dialog"]');
  const r = await builder.analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.any[0]?.message ?? n.failureSummary ?? ''})`).join(' | ')}`);
}

/**
 * Saves `name`-light.png and `name`-dark.png (full page), checks each theme with axe (no serious or critical
 * violation), and asserts nothing overflows the viewport sideways.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator(`html[data-mantine-color-scheme="${scheme}"]`).waitFor({ state: 'attached' });
    await page.waitForTimeout(150); // transitions settle
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${scheme}.png`), fullPage: true });
    assert.deepEqual(await accessibilityProblems(page), [], `${name} (${scheme}): accessibility`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // (A function, not a string: the page's CSP forbids eval.)
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the viewport`);
}

/**
 * `test` for the steps of one journey: a step after a failed one is skipped (it would only time out on a screen the
 * failed step never reached), so the first failure is the one reported.
 */
export function journeyStep(): (name: string, fn: () => Promise<void>) => void {
  let failed = false;
  return (name, fn) => {
    test(name, async (t) => {
      if (failed) return t.skip('an earlier step of this journey failed');
      try {
        await fn();
      } catch (e) {
        failed = true;
        throw e;
      }
    });
  };
}
