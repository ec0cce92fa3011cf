import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openCaseFromNewReferral, startBrowserRun, type BrowserRun } from './harness.ts';

describe('evidence, custody and the case report in the browser', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
    await openCaseFromNewReferral(run);
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

  it('records a plea agreement for an accused and the decision on it', async () => {
    const subject = page.getByTestId('add-subject');
    await subject.getByLabel('Name or alias').fill('Accused Test-Bravo');
    await subject.getByRole('button', { name: 'Add subject' }).click();
    await expect.poll(() => page.getByTestId('case-subjects').textContent()).toContain('Accused Test-Bravo');
    // No reload: the prosecution section lists the new subject as an accused at once.
    await page.getByText('Record a plea agreement', { exact: true }).click();
    const plea = page.getByTestId('add-plea');
    await plea.getByLabel('Accused').selectOption({ label: 'Accused Test-Bravo' });
    await plea.getByLabel('Offered on').fill('2026-11-05');
    await plea.getByLabel('Terms (summary)').fill('Plea to one count in exchange for testimony');
    await plea.getByRole('button', { name: 'Record plea agreement' }).click();
    const pleas = page.getByTestId('plea-list');
    await expect.poll(() => pleas.textContent()).toContain('Accused Test-Bravo (proposed)');

    const decision = page.getByTestId('plea-decision');
    await decision.getByLabel('Decision').selectOption('approved');
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => pleas.textContent()).toContain('Accused Test-Bravo (approved)');
    expect(await page.getByTestId('plea-decision').count()).toBe(0);
  });

  it('records an appeal on a charge that has a verdict', async () => {
    const charge = page.getByRole('form', { name: 'Add a charge' });
    await charge.getByLabel('Accused').selectOption({ label: 'Accused Test-Bravo' });
    await charge.getByLabel('Offence').selectOption({ index: 1 });
    await charge.getByRole('button', { name: 'Add charge' }).click();
    const charges = page.getByTestId('charges-table');
    await expect.poll(() => charges.textContent()).toContain('Accused Test-Bravo');

    await page.getByText(/^Outcome of .* against Accused Test-Bravo$/).click();
    const verdict = page.getByRole('form', { name: /^Verdict on / });
    await verdict.getByLabel('Verdict', { exact: true }).selectOption('convicted-on-plea');
    await verdict.getByLabel('Verdict date').fill('2026-11-20');
    await verdict.getByRole('button', { name: 'Record outcome' }).click();
    const appeal = page.getByTestId('charge-appeal');
    await appeal.waitFor();
    await appeal.getByLabel('Appeal status').selectOption('filed');
    await appeal.getByLabel('Appeal filed on').fill('2026-11-27');
    await appeal.getByRole('button', { name: 'Record appeal' }).click();
    await expect.poll(() => charges.textContent()).toContain('filed 2026-11-27');
    await run.screenshot('case-prosecution-plea-appeal');
  });

  it('records a hearing and then what came of it', async () => {
    await page.getByText('Add a hearing', { exact: true }).click();
    const hearing = page.getByRole('form', { name: 'Add a hearing' });
    await hearing.getByLabel('When').fill('2026-12-01T09:30');
    await hearing.getByLabel('Kind').selectOption('sentencing');
    await hearing.getByRole('button', { name: 'Add hearing' }).click();
    const outcome = page.getByRole('form', { name: 'Outcome of the hearing' });
    await outcome.getByLabel('Outcome').fill('Sentence promulgated');
    await outcome.getByRole('button', { name: 'Record outcome' }).click();
    await expect.poll(() => page.getByText('sentencing: Sentence promulgated').count()).toBe(1);
    expect(await outcome.count()).toBe(0);
  });
});
