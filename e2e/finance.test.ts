import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACILITATOR, plantedRows, toCsv } from '../packages/server/test/finance-fixtures.ts';
import { logInAsAdmin, startBrowserRun, type BrowserRun } from './harness.ts';

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

  it('shows an empty state under Financial alerts, then imports a payment file', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Financial alerts' })
      .click();
    await page.getByTestId('finance-alerts-empty').waitFor();
    expect(await page.getByTestId('finance-alerts-empty').textContent()).toMatch(/No alerts yet/);

    await page.getByRole('button', { name: 'Import payments' }).click();
    await page.getByLabel(/^File/).setInputFiles({
      name: 'payments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv(plantedRows())),
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
