import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFromNewReferral, startBrowserRun, type BrowserRun } from './harness.ts';

/** A time as a datetime-local control takes it, in the browser's (and this process's) time zone. */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

describe('a case worker completes a task, advances the stage and sees a warrant’s return on the deadlines', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });

  afterAll(async () => {
    await run?.close();
  });

  it('opens a case from a referral with its template’s standard tasks', async () => {
    await openCaseFromNewReferral(run);
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(5);
    expect(await page.locator('[data-testid="case-stages"] [aria-current="step"]').textContent()).toBe(
      'Intake',
    );
  });

  it('refuses to complete a task whose required field is empty, then completes it once filled', async () => {
    const row = page
      .getByTestId('task-row')
      .filter({ hasText: 'Send preservation requests to the platforms' });
    await row.getByRole('button', { name: 'Work on Send preservation requests to the platforms' }).click();
    const work = page.getByTestId('task-work');
    await work.getByRole('button', { name: 'Save and complete' }).click();
    await expect
      .poll(() => work.getByRole('alert').textContent())
      .toContain('Platform or provider must be filled');
    expect(await work.getByLabel(/Platform or provider/).getAttribute('aria-invalid')).toBe('true');

    await work.getByLabel(/Platform or provider/).fill('Meta Platforms');
    await work.getByLabel(/Preservation request sent on/).fill('2026-10-02');
    await work.getByRole('button', { name: 'Save and complete' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('done');
    await expect
      .poll(() => page.getByTestId('case-timeline').textContent())
      .toContain('Task “Send preservation requests to the platforms” completed');
  });

  it('advances the case to the next stage of its template', async () => {
    await page.getByTestId('advance-stage').click();
    await expect
      .poll(() => page.locator('[data-testid="case-stages"] [aria-current="step"]').textContent())
      .toBe('Investigation');
    await expect
      .poll(() => page.getByTestId('case-timeline').textContent())
      .toContain('Stage from intake to investigation');
  });

  it('records a served WDCD and shows its disclosure due on the deadlines page', async () => {
    const form = page.getByTestId('add-warrant');
    await form.getByLabel('Type').selectOption('WDCD');
    await form.getByLabel('Court').fill('RTC Quezon City Branch 1');
    await form.getByLabel('Number').fill('WDCD-2026-0042');
    await form.getByLabel('Issued').fill(localInput(new Date(Date.now() - 26 * 3_600_000)));
    await form.getByLabel('Served').fill(localInput(new Date(Date.now() - 2 * 3_600_000)));
    await form.getByRole('button', { name: 'Add' }).click();
    const warrant = page.getByTestId('warrant-row').filter({ hasText: 'WDCD-2026-0042' });
    await expect.poll(() => warrant.textContent()).toContain('disclosure by the provider');
    await run.screenshot('case-workflow-case');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Deadlines/ })
      .click();
    // The top bar counts what is due this week (asked again on each page).
    await expect
      .poll(() => page.getByTestId('deadlines-badge').getAttribute('aria-label'))
      .toMatch(/due this week/);
    const rows = page.getByTestId('deadline-row');
    await expect
      .poll(() => rows.filter({ hasText: 'WDCD WDCD-2026-0042: disclosure by the provider' }).count())
      .toBe(1);
    const due = rows.filter({ hasText: 'WDCD-2026-0042' });
    expect(await due.getAttribute('data-state')).toBe('due-soon');
    const dues = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('time')?.getAttribute('datetime') ?? ''),
    );
    expect(dues).toEqual([...dues].sort());
    await run.screenshot('case-workflow-deadlines');
  });

  it('filters the case list and downloads it as CSV', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByTestId('cases-table').waitFor();
    // The demo centre's sextortion cases are at intake and investigation, none in court.
    await page.getByTestId('case-filters').getByLabel('Template').selectOption('sextortion');
    await page.getByTestId('case-filters').getByLabel('Stage').selectOption('prosecution');
    await expect.poll(() => page.getByText('No case matches these filters.').count()).toBe(1);
    await page.getByTestId('case-filters').getByLabel('Template').selectOption('livestream-for-pay');
    await page.getByTestId('case-filters').getByLabel('Stage').selectOption('investigation');
    // The list of the previous filters (a livestream case in prosecution) shows until the new one arrives.
    const rows = page.getByTestId('cases-row');
    await expect
      .poll(async () => [await rows.count(), await rows.filter({ hasText: /investigation/i }).count()])
      .toEqual([1, 1]);
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe('/api/v1/cases?format=csv&status=investigation&template=livestream-for-pay');
    const csv = await page.request.get(new URL(href!, run.server.url).toString());
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^C-\d{4}-\d{5},Case from R-\d+,investigation,livestream-for-pay,AMBER,Administrator,1,/,
    );
    await run.screenshot('case-workflow-cases');
  });
});
