import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFromNewReferral, startBrowserRun, type BrowserRun } from './harness.ts';

const CHILD_NAME = 'Hiraya Test-Name';

describe('a case worker adds a victim and reveals its identity with a reason', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });

  afterAll(async () => {
    await run?.close();
  });

  it('opens a case from a referral and adds a subject', async () => {
    await openCaseFromNewReferral(run);

    const add = page.getByTestId('add-subject');
    await add.getByLabel('Name or alias').fill('Subject Test-Alpha');
    await add.getByRole('button', { name: 'Add subject' }).click();
    await expect.poll(() => page.getByTestId('case-subjects').textContent()).toContain('Subject Test-Alpha');
  });

  it('adds a victim whose guardian is the subject: a pseudonym and a flag, never the name', async () => {
    const add = page.getByTestId('add-victim');
    await add.getByLabel('Age band').selectOption('10-12');
    await add.getByLabel('Related subject').selectOption({ label: 'Subject Test-Alpha' });
    await add.getByLabel('Relationship').selectOption('parent');
    await add.getByLabel('The subject is the child’s guardian').check();
    await add.getByLabel('Name').fill(CHILD_NAME);
    await add.getByLabel('Date of birth').fill('2015-06-01');
    await add.getByRole('button', { name: 'Add victim' }).click();

    const victims = page.getByTestId('case-victims');
    await expect.poll(() => victims.textContent()).toMatch(/V-\d{4}-\d{6}/);
    expect(await victims.textContent()).toContain('Guardian is a subject');
    expect(await page.getByTestId('case-detail').textContent()).not.toContain(CHILD_NAME);
    await expect
      .poll(() => page.getByTestId('case-subjects').textContent())
      .toContain('Guardian of a victim');
    await run.screenshot('case-people-victim-added');
  });

  it('asks for a reason before it reveals the identity', async () => {
    await page.getByRole('button', { name: 'Reveal identity' }).click();
    const form = page.getByTestId('reveal-identity');
    const reveal = form.getByRole('button', { name: 'Reveal' });
    await form.getByLabel(/Why do you need/).fill('too short');
    expect(await reveal.isDisabled()).toBe(true);
    await form.getByLabel(/Why do you need/).fill('Arranging the medical examination with the doctor');
    await reveal.click();
    const identity = page.getByTestId('revealed-identity');
    await identity.waitFor();
    expect(await identity.textContent()).toContain(CHILD_NAME);
    expect(await identity.textContent()).toContain('2015-06-01');
    await run.screenshot('case-people-identity-revealed');
    await identity.getByRole('button', { name: 'Hide identity' }).click();
    await expect.poll(() => page.getByTestId('case-detail').textContent()).not.toContain(CHILD_NAME);
  });

  it('records a consent and withdraws it, keeping the record', async () => {
    const consents = page.getByTestId('victim-consents');
    const victim = await consents.getByLabel('Victim').locator('option').nth(1).getAttribute('value');
    await consents.getByLabel('Victim').selectOption(victim!);
    await consents.getByLabel('Purpose').selectOption('research-use');
    await consents.getByRole('button', { name: 'Record consent' }).click();
    await expect.poll(() => consents.textContent()).toContain('research-use: granted by the victim');
    await consents.getByRole('button', { name: 'Withdraw' }).click();
    await expect
      .poll(() => consents.textContent())
      .toMatch(/research-use: granted by the victim on [\d-]+ withdrawn/);
  });
});
