import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACILITATOR, plantedRows, toCsv, type Row } from '../packages/server/test/finance-fixtures.ts';
import { logInAsAdmin, startBrowserRun, type BrowserRun } from './harness.ts';

const DAY_MS = 86_400_000;

/**
 * The planted payments moved by whole days to end yesterday, each keeping its local time: the demo's payment
 * file runs up to today, and screening looks at the weeks before the latest payment.
 */
function recentRows(): Row[] {
  const rows = plantedRows();
  const last = Math.max(...rows.map((r) => Date.parse(r.timestamp!)));
  const shift = Math.floor((Date.now() - DAY_MS - last) / DAY_MS);
  return rows.map((r) => {
    const at = r.timestamp!;
    const day = new Date(Date.parse(`${at.slice(0, 10)}T00:00:00Z`) + shift * DAY_MS);
    return { ...r, timestamp: day.toISOString().slice(0, 10) + at.slice(10) };
  });
}

describe('financial alerts in the browser', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });
  afterAll(async () => {
    await run?.close();
  });

  it('lists the demo centre’s alerts under Financial alerts, then imports a payment file', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Financial alerts' })
      .click();
    // The demo's payment file was screened on the first start.
    await page.getByTestId('finance-alert-row').first().waitFor();

    await page.getByRole('button', { name: 'Import payments' }).click();
    await page.getByLabel(/^File/).setInputFiles({
      name: 'payments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv(recentRows())),
    });
    await page.getByLabel('Source').fill('remitter-a');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('finance-import-result')
          .textContent()
          .catch(() => ''),
      )
      .toMatch(new RegExp(`${plantedRows().length} rows read: ${plantedRows().length} new`));
    await page.getByTestId('finance-alert-row').first().waitFor();
  });

  it('filters the list, opens an alert with its chart, network and indicators, and dismisses it', async () => {
    await page.getByLabel('Party id').fill(FACILITATOR.id);
    await page.getByLabel('Party id').press('Enter');
    await expect.poll(() => page.getByTestId('finance-alert-row').count()).toBe(1);
    await page.getByTestId('finance-alert-row').getByRole('link').click();
    await page.getByTestId('alert-indicators').waitFor();
    expect(await page.getByTestId('alert-indicators').textContent()).toMatch(
      /Several unrelated foreign senders/,
    );
    await page.getByTestId('payments-chart').locator('canvas').first().waitFor();
    await page.getByTestId('party-network').locator('canvas').first().waitFor();
    expect(await page.getByTestId('alert-counterparties').locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('alert-status').textContent()).toBe('open');
    await run.screenshot('finance-alert');

    await page.getByLabel('Reason for dismissing').fill('Known charity payroll, checked with the bank');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.getByTestId('alert-status').textContent()).toBe('dismissed');
    expect(await page.getByTestId('alert-history').textContent()).toMatch(
      /dismissed by \w+: Known charity payroll/i,
    );

    await page.getByRole('link', { name: '← Financial alerts' }).click();
    await page.getByLabel('Status').selectOption('dismissed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(() => page.getByTestId('finance-alert-row').filter({ hasText: FACILITATOR.id }).count())
      .toBe(1);
  });
});
