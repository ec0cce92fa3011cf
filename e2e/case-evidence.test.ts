import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, logInAsAdmin, startBrowserRun, type BrowserRun, showNewReferrals } from './harness.ts';

describe('evidence, custody and the case report in the browser', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await showNewReferrals(page);
    await page.getByTestId('queue-row').first().getByRole('link').first().click();
    await page.getByTestId('open-case').click();
    await page.getByTestId('case-detail').waitFor();
  });

  afterAll(async () => {
    await run?.close();
  });

  it('adds an evidence item, which shows with a verified chain', async () => {
    await page.getByText('Add an evidence item').click();
    const form = page.getByTestId('add-evidence');
    await form.getByLabel('Label (exhibit number)').fill('E-1');
    await form.getByLabel('Description', { exact: true }).fill('Forensic image of a seized phone');
    await form.getByLabel('SHA-256').fill('ab'.repeat(32));
    await form.getByLabel('Held in (system)').fill('Agency forensic store');
    await form.getByLabel('Location', { exact: true }).fill('Manila lab');
    await form.getByLabel('Reference in that system').fill('FS-0042');
    await form.getByLabel('Received from').fill('Arresting officer');
    await form.getByLabel('Received by (custodian)').fill('Custodian Cruz');
    await form.getByLabel('Received at').fill('2026-10-02T09:00');
    await form.getByLabel('Reason', { exact: true }).fill('Seized during the operation');
    await form.getByRole('button', { name: 'Add evidence' }).click();
    const table = page.getByTestId('evidence-table');
    await expect.poll(() => table.textContent()).toContain('Custodian Cruz');
    await expect.poll(() => page.getByTestId('chain-verified').count()).toBe(1);
  });

  it('records a custody transfer from the current holder', async () => {
    await page.getByText('Custody log of E-1').click();
    const form = page.getByTestId('custody-transfer');
    await form.getByLabel('To (new holder)').fill('Examiner Santos');
    await form.getByLabel('When').fill('2026-10-03T10:00');
    await form.getByLabel('Why').fill('Forensic examination');
    await form.getByRole('button', { name: 'Record transfer' }).click();
    await expect.poll(() => page.getByTestId('evidence-table').textContent()).toContain('Examiner Santos');
    await expect.poll(() => page.getByText('Custody log of E-1 (2 entries)').count()).toBe(1);
    await expect.poll(() => page.getByTestId('chain-verified').count()).toBe(1);
    await run.screenshot('case-evidence');
  });

  it('downloads the case report with its manifest of hashes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('case-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^C-\d{4}-\d{5}-report\.zip$/);
    const file = path.join(ARTIFACTS, 'case-report.zip');
    await download.saveAs(file);
    const files = unzipSync(new Uint8Array(readFileSync(file)));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    const pdf = manifest.files.find((f: { name: string }) => f.name === 'report.pdf');
    expect(pdf.sha256).toBe(createHash('sha256').update(files['report.pdf']!).digest('hex'));
    expect(strFromU8(files['evidence.json']!)).toContain('Examiner Santos');
  });
});
