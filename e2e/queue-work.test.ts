import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInAsAdmin, startBrowserRun, type BrowserRun, showNewReferrals } from './harness.ts';

describe('an analyst works the queue: bulk assignment, closing with a reason, history', () => {
  let run: BrowserRun;
  let page: Page;
  let picked: string[];

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });

  afterAll(async () => {
    await run?.close();
  });

  it('shows a row’s reasons under it with the e key, and hides them again', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page.getByTestId('queue-table').waitFor();
    const first = page.getByTestId('queue-row').first();
    await first.getByRole('link').first().focus();
    await page.keyboard.press('e');
    const reasons = page.getByTestId('queue-reasons');
    await expect.poll(() => reasons.count()).toBe(1);
    expect(await reasons.textContent()).toMatch(/Score \d+/);
    expect(await first.getByRole('button', { name: /^Why P\d/ }).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('e');
    await expect.poll(() => reasons.count()).toBe(0);
  });

  it('picks rows with the keyboard and the mouse and assigns them in one go', async () => {
    await showNewReferrals(page);
    const rows = page.getByTestId('queue-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    // The first row by keyboard (focus its link, press x), the second and third with their checkboxes.
    await rows.nth(0).getByRole('link').first().focus();
    await page.keyboard.press('x');
    await rows.nth(1).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();
    const bar = page.getByTestId('bulk-assign');
    await expect.poll(() => bar.textContent()).toContain('3 selected');
    picked = await Promise.all([0, 1, 2].map(async (i) => (await rows.nth(i).getAttribute('data-id'))!));

    const admin = bar.getByLabel('Assign to');
    await expect.poll(() => admin.locator('option').count()).toBeGreaterThan(1);
    const me = await admin.locator('option', { hasText: '(admin)' }).getAttribute('value');
    await admin.selectOption(me!);
    await bar.getByRole('button', { name: 'Assign' }).click();
    await expect
      .poll(() => page.getByTestId('bulk-done').textContent())
      .toContain('3 of 3 referrals reassigned');
    await run.screenshot('queue-bulk-assigned');
  });

  it('filters the queue to the referrals assigned to me', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Assigned').selectOption('me');
    await expect.poll(() => new URL(page.url()).searchParams.get('assigned')).toBe('me');
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(3);
    const ids = await page
      .getByTestId('queue-row')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(ids.sort()).toEqual([...picked].sort());
  });

  it('closes a referral with a reason, shows who closed it and why, and lists it in the history', async () => {
    await page.getByTestId('queue-row').first().getByRole('link').first().click();
    await page.getByTestId('referral-detail').waitFor();
    const close = page.getByTestId('close-referral');
    await close.getByLabel('Close as').selectOption('duplicate');
    await close.getByLabel('Note (optional)').fill('Same report as an earlier referral.');
    await close.getByRole('button', { name: 'Close referral' }).click();
    const closure = page.getByTestId('referral-closure');
    await closure.waitFor();
    expect(await closure.textContent()).toMatch(/Closed as Duplicate by admin/);
    await expect
      .poll(() => page.getByTestId('referral-history').textContent())
      .toMatch(/Closed as Duplicate: Same report as an earlier referral\./);
    expect(await page.getByTestId('referral-history').textContent()).toMatch(/Assigned to admin/);
    // Acted on: the response clock stops rather than counting the time since as overdue.
    await expect
      .poll(() => page.getByTestId('priority-section').locator('[data-clock]').getAttribute('data-clock'))
      .toBe('stopped');
    await run.screenshot('referral-closed');

    await closure.getByRole('button', { name: 'Reopen' }).click();
    await page.getByTestId('close-referral').waitFor();
    await expect.poll(() => page.getByTestId('referral-history').textContent()).toMatch(/Reopened/);
  });
});
