import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.ts';
import { ADMIN_PASSWORD as PASSWORD, startBrowserRun, type BrowserRun } from './harness.ts';

describe('an analyst turns a referral into a case in the browser', () => {
  let run: BrowserRun;
  let server: RunningServer;
  let page: Page;

  const screenshot = (name: string) => run.screenshot(name);

  beforeAll(async () => {
    run = await startBrowserRun();
    ({ server, page } = run);
  });

  afterAll(async () => {
    await run?.close();
  });

  it('asks for a login first', async () => {
    await page.goto(server.url);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot('1-login');
  });

  it('shows an error for a wrong password', async () => {
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: /log in/i }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid username or password/i);
  });

  it('logs in and shows the queue of open referrals, highest priority first, and all on request', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.getByTestId('queue-table').waitFor();
    // It opens on the referrals still to act on: the demo centre has closed most of its 300 or made cases.
    const rows = page.getByTestId('queue-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/New|In review/);
    expect(await rows.first().textContent()).toMatch(/P1/);
    await screenshot('2-queue');
    // All of them, fifty to a page.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All' });
    await expect.poll(() => rows.count()).toBe(50);
    await expect.poll(() => page.getByText(/of 300/).count()).toBeGreaterThan(0);
  });

  it('filters the queue by region, keeping the filter in the address', async () => {
    await page.getByLabel(/region/i).selectOption('NCR');
    await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe('NCR');
    await expect
      .poll(async () =>
        (await page.getByTestId('queue-row').allTextContents()).every((t) => t.includes('NCR')),
      )
      .toBe(true);
  });

  it('opens a referral and shows why it has its priority', async () => {
    const first = page.getByTestId('queue-row').first();
    const reference = (await first.getByRole('link').first().textContent())!.trim();
    await first.getByRole('link').first().click();
    await page.getByTestId('referral-detail').waitFor();
    expect(await page.getByTestId('referral-detail').textContent()).toContain(reference);
    await expect.poll(() => page.getByText(/why this priority/i).count()).toBeGreaterThan(0);
    await screenshot('3-referral');
  });

  it('opens a case from the referral and shows the case', async () => {
    await page.getByTestId('open-case').click();
    await page.getByTestId('case-detail').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('case-detail').textContent()).toMatch(/C-\d{4}-\d{5}/);
    await screenshot('4-case');
  });

  it('logs out from the user menu', async () => {
    await page.getByTestId('user-menu').click();
    await page
      .getByRole('menuitem', { name: /log out/i })
      .or(page.getByRole('button', { name: /log out/i }))
      .first()
      .click();
    await page.getByTestId('login-form').waitFor();
  });
});
