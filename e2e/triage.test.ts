import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInAsAdmin, showNewReferrals, startBrowserRun, type BrowserRun } from './harness.ts';

describe('triage in the browser', () => {
  let run: BrowserRun;
  let page: Page;
  const nav = () => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });
  afterAll(async () => {
    await run?.close();
  });

  it('shows each row’s band and time left, most urgent first', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page.getByTestId('queue-table').waitFor();
    // The queue opens on the referrals still to act on; under All, the demo centre's older ones (closed, or
    // in cases) show that their clock has stopped.
    expect(await page.locator('[data-clock="stopped"]').count()).toBe(0);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All' });
    await page.waitForURL((url) => url.searchParams.get('status') === 'all');
    await expect.poll(() => page.locator('[data-clock="stopped"]').count()).toBeGreaterThan(0);
    await showNewReferrals(page);
    const first = page.getByTestId('queue-row').first();
    expect(await first.textContent()).toMatch(/P1/);
    expect(await first.locator('.clock').textContent()).toMatch(/left|overdue/);
  });

  it('explains a referral’s priority and takes an override with a reason', async () => {
    await page.getByTestId('queue-row').first().getByRole('link').first().click();
    const section = page.getByTestId('priority-section');
    await section.waitFor();
    expect(await section.textContent()).toMatch(/configuration version 1/);
    expect(await page.getByTestId('priority-factors').locator('tbody tr').count()).toBeGreaterThan(0);

    await page.getByLabel('Band').selectOption('P3');
    await page
      .getByLabel(/Reason/)
      .fill('Duplicate of a report already being worked by the regional office.');
    await page.getByRole('button', { name: 'Override band' }).click();
    await expect
      .poll(() => page.getByTestId('priority-override').textContent())
      .toMatch(/Overridden to P3 by/);
    expect(await page.getByTestId('priority-override').textContent()).toContain('already being worked');
    await run.screenshot('triage-1-override');
  });

  it('lets an admin save a new version of the factor table, naming a bad field', async () => {
    await nav().getByRole('link', { name: 'Triage', exact: true }).click();
    await page.getByTestId('triage-config-form').waitFor();
    await page.getByLabel('P2 — High').first().fill('70');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/thresholds\.P2: must be below P1/);

    await page.getByLabel('P2 — High').first().fill('35');
    await page.getByLabel('Weight of A location is given').fill('8');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => page.getByTestId('triage-config-versions').textContent()).toMatch(/Version 2/);
    await run.screenshot('triage-2-config');
  });

  it('lists breaches for a supervisor, longest overdue first', async () => {
    await nav().getByRole('link', { name: 'Breaches' }).click();
    await page.getByTestId('breaches-table').waitFor();
    const clocks = await page.getByTestId('breaches-row').locator('.clock').allTextContents();
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c) => c.includes('overdue'))).toBe(true);
    await run.screenshot('triage-3-breaches');
  });
});
