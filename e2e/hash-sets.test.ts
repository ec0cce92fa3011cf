import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferralsBulk } from '../packages/server/src/referrals/service.ts';
import { createUser, SYSTEM_ACTOR } from '../packages/server/src/users/service.ts';
import { logInAsAdmin, startBrowserRun, type BrowserRun } from './harness.ts';

const hashes = Array.from({ length: 30 }, () => randomBytes(16).toString('hex'));
const LIST = ['# synthetic MD5 list', ...hashes.slice(0, 20), 'not-a-hash', ...hashes.slice(20)].join('\n');

describe('hash sets in the browser', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun();
    page = run.page;
  });
  afterAll(async () => {
    await run?.close();
  });

  const row = (name: string) => page.getByTestId('hash-set-row').filter({ hasText: name });

  it('shows an empty state under the Hash sets entry of the top bar', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hash sets' }).click();
    await expect.poll(() => page.getByText(/No hash sets yet/).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/hash-sets');
  });

  it('creates a set, which then offers an import', async () => {
    await page.getByLabel('Name').fill('Synthetic test list');
    await page.getByLabel('Kind').selectOption('allow');
    await page.getByLabel('PDQ threshold (0–64)').fill('24');
    await page.getByRole('button', { name: 'Create hash set' }).click();
    await row('Synthetic test list').waitFor();
    expect(await row('Synthetic test list').textContent()).toMatch(/Allow-list.*own.*No scheme.*0.*24/);
    await page.getByRole('heading', { name: /Import into “Synthetic test list”/ }).waitFor();
  });

  it('names the field when a set cannot be created', async () => {
    await page.getByLabel('Name').fill('Synthetic test list');
    await page.getByRole('button', { name: 'Create hash set' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/already has a hash set of this name/);
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('imports a file with a progress bar and lists the rejected line', async () => {
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from(LIST) });
    await page.getByLabel('Format').selectOption('md5');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.getByTestId('import-progress');
    await expect
      .poll(() => progress.textContent())
      .toMatch(/31 records read: 30 new, 0 already present, 1 rejected · done/);
    expect(await progress.locator('progress').getAttribute('value')).toBe(String(LIST.length));
    expect(await page.getByTestId('import-errors').textContent()).toMatch(
      /1 record was skipped.*Line 22: MD5 must be 32 hexadecimal characters, got "not-a-hash"/,
    );
    await expect
      .poll(() => row('Synthetic test list').locator('td.numeric').first().textContent())
      .toBe('30');
    await run.screenshot('hash-sets-import');
  });

  it("shows on a referral's page which of its files a set holds", async () => {
    const { services } = run.server;
    const admin = await services.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const [referral] = await createReferralsBulk(
      services,
      { organisationId: admin.organisation_id, createdBy: admin.id },
      { ...SYSTEM_ACTOR, userId: admin.id, name: 'admin' },
      [
        {
          data: {
            source: 'hotline',
            incident: {
              type: 'child-sexual-abuse-material',
              summary: 'Synthetic referral for a browser test.',
            },
            reporter: { kind: 'hotline', name: 'Synthetic hotline' },
            files: [
              { name: 'listed.jpg', md5: hashes[3] },
              { name: 'unlisted.jpg', md5: randomBytes(16).toString('hex') },
            ],
          },
        },
      ],
    );
    await page.goto(`${run.server.url}/referrals/${referral!.id}`);
    const files = page.getByRole('region', { name: /Files/ });
    await expect.poll(() => files.getByText('Allow-listed').count(), { timeout: 15_000 }).toBe(1);
    expect(await files.getByText('Not in any list').count()).toBe(1);
    expect(await files.getByText(/Synthetic test list \(MD5\)/).count()).toBe(1);
    await run.screenshot('referral-file-matches');
    await page.goto(`${run.server.url}/hash-sets`);
    await expect.poll(() => row('Synthetic test list').locator('td.numeric').nth(2).textContent()).toBe('1');
  });

  it('disables a set and keeps it disabled after a reload', async () => {
    const toggle = page.getByLabel('Synthetic test list enabled for matching');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.reload();
    await row('Synthetic test list').waitFor();
    expect(await page.getByLabel('Synthetic test list enabled for matching').isChecked()).toBe(false);
  });

  it('exports the set as VICS 2.0 JSON', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export Synthetic test list as VICS 2.0 JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Synthetic-test-list.vics.json');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const doc = JSON.parse(Buffer.concat(chunks).toString()) as { value: { MD5: string }[] };
    expect(doc.value.map((r) => r.MD5)).toEqual(hashes);
  });

  it('shows the sets to an investigator without the forms, and no entry at all to a prosecutor', async () => {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const organisation = (
      await run.server.services.db.selectFrom('organisations').select('name').executeTakeFirstOrThrow()
    ).name;
    for (const role of ['investigator', 'prosecutor'] as const)
      await createUser(run.server.services, SYSTEM_ACTOR, {
        username: `e2e-${role}`,
        role,
        organisation,
        password,
      });
    const logInAs = async (username: string) => {
      await page.context().clearCookies();
      await page.goto(`${run.server.url}/hash-sets`);
      await page.getByTestId('login-form').waitFor();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: /log in/i }).click();
    };
    await logInAs('e2e-investigator');
    await row('Synthetic test list').waitFor();
    expect(await page.getByRole('button', { name: 'Create hash set' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import into Synthetic test list' }).count()).toBe(0);

    await logInAs('e2e-prosecutor');
    await page.getByText(/does not give access to this page/).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hash sets' }).count(),
    ).toBe(0);
  });
});
