import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../packages/server/src/config.ts';
import { startServer, type RunningServer } from '../packages/server/src/server.ts';
import { launchChromium } from './browser.ts';

export const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
export const ADMIN_PASSWORD = 'e2e-admin-password';

/** A server on a fresh data directory (with its demo referrals) and one browser page. */
export interface BrowserRun {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** A full-page screenshot into e2e/artifacts/<name>.png. */
  screenshot: (name: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

export async function startBrowserRun(viewport = { width: 1280, height: 900 }): Promise<BrowserRun> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sinag-e2e-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const config = {
      ...loadConfig({ LOG_LEVEL: 'warn' }),
      port: 0,
      dataDir,
      adminPassword: ADMIN_PASSWORD,
    };
    server = await startServer(config);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    const screenshot = (name: string) =>
      page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    return { server, browser, page, screenshot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Logs in as the admin on the login page the app shows. */
export async function logInAsAdmin(page: Page): Promise<void> {
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
}

/** Narrows the queue to new referrals (not yet in review), whose first row any test may take up. */
export async function showNewReferrals(page: Page): Promise<void> {
  await page.getByTestId('queue-table').waitFor();
  // The rows of the new list, not those of the filter before it (picked rows belong to the list they were
  // picked on, so a late answer would undo a selection).
  const listed = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === '/api/v1/referrals' && url.searchParams.get('status') === 'new';
  });
  await page.getByLabel('Status', { exact: true }).selectOption('new');
  await page.waitForURL((url) => url.searchParams.get('status') === 'new');
  await listed;
  await page.locator('[data-testid="queue-table"]:not([aria-busy])').waitFor();
  await page.getByTestId('queue-row').first().waitFor();
}

/** Logs in as the admin and opens a case from the first new referral, leaving the case page showing. */
export async function openCaseFromNewReferral(run: BrowserRun): Promise<void> {
  const { page } = run;
  await page.goto(run.server.url);
  await logInAsAdmin(page);
  await showNewReferrals(page);
  await page.getByTestId('queue-row').first().getByRole('link').first().click();
  await page.getByTestId('referral-detail').waitFor();
  await page.getByTestId('open-case').click();
  await page.getByTestId('case-detail').waitFor();
}
