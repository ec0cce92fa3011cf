import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInAsAdmin, startBrowserRun, type BrowserRun } from './harness.ts';

const PHONE_VALUE = '#field-reportedPersons-0-identifiers-1-value';

/** The text of the hint and error a control is described by. */
async function description(page: Page, control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

// One server and browser for the file; each group below has its own page (and so its own session).
let run: BrowserRun;

beforeAll(async () => {
  run = await startBrowserRun();
});

afterAll(async () => {
  await run?.close();
});

describe('an analyst enters a referral received by email from a foreign police agency', () => {
  let page: Page;

  beforeAll(() => {
    page = run.page;
  });

  it('opens the form from the queue', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page.getByTestId('queue-table').waitFor();
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByTestId('referral-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/referrals/new');
    expect(await page.getByLabel('Source').inputValue()).toBe('foreign-police');
    expect(await page.getByLabel('Received at').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  });

  it('names the missing fields before sending anything, and focuses the first', async () => {
    await page.getByTestId('referral-form-submit').click();
    const summary = page.getByTestId('referral-form-errors');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Incident: Type: Required/);
    expect(await summary.textContent()).toMatch(/Reporter: Name: Required/);
    await expect.poll(() => focusedId(page)).toBe('field-incident-type');
    expect(await page.locator('#field-reporter-name').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the server’s error for an impossible phone number next to that field', async () => {
    const form = page.getByTestId('referral-form');
    await page.getByRole('button', { name: 'Add external id' }).click();
    const externalId = form.getByRole('group', { name: 'External id 1' });
    await externalId.getByLabel('System').fill('UK NCA');
    await externalId.getByLabel(/^Id/).fill('NCA-2026-0042');

    await page.getByLabel('Type').selectOption('online-enticement');
    await page.getByLabel('Occurred at').fill('2026-03-01T21:30');
    await page
      .getByLabel('Summary')
      .fill('A UK national chatted with a child in Cebu and asked for a livestreamed show.');

    const reporter = form.getByRole('group', { name: 'Reporter' });
    await reporter.getByLabel(/^Name/).fill('National Crime Agency');
    await reporter.getByLabel('Country').fill('gb');
    await reporter.getByLabel('Contact name').fill('DS Jane Smith');
    await reporter.getByLabel('Email').fill('jane.smith@nca.example');

    const location = form.getByRole('group', { name: 'Location' });
    await location.getByLabel('Region').selectOption('VII');
    await location.getByLabel('City').fill('Cebu City');

    await page.getByRole('button', { name: 'Add person' }).click();
    const person = form.getByRole('group', { name: 'Person 1', exact: true });
    await person.getByLabel('Name or label').fill('Suspect A');
    const first = person.getByRole('group', { name: 'Identifier 1', exact: true });
    await first.getByLabel('Kind').selectOption('email');
    await first.getByLabel('Value').fill('Suspect.A@Example.com');
    await page.getByRole('button', { name: 'Add identifier to person 1' }).click();
    const second = person.getByRole('group', { name: 'Identifier 2', exact: true });
    await second.getByLabel('Kind').selectOption('phone');
    await second.getByLabel('Value').fill('12');

    await page.getByTestId('referral-form-submit').click();
    const phone = page.locator(PHONE_VALUE);
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, phone)).toMatch(/Not a possible phone number for country PH/);
    expect(await page.getByTestId('referral-form-errors').textContent()).toMatch(
      /Person 1, identifier 2: Value: Not a possible phone number/,
    );
    await expect.poll(() => focusedId(page)).toBe(PHONE_VALUE.slice(1));
    expect(new URL(page.url()).pathname).toBe('/referrals/new');
    await run.screenshot('5-new-referral');
  });

  it('saves the corrected referral once, despite a lost answer and a double click, and shows it', async () => {
    const phone = page.locator(PHONE_VALUE);
    await phone.fill('0917 123 4567');
    expect(await phone.getAttribute('aria-invalid')).toBeNull();

    await page.getByRole('button', { name: 'Add evidence reference' }).click();
    const evidence = page.getByRole('group', { name: 'Evidence reference 1' });
    await evidence.getByLabel('Description').fill('Chat logs and images from the suspect’s seized phone');
    await evidence.getByLabel('Held by').fill('UK NCA');
    await evidence.getByLabel(/^Reference/).fill('EXH-JS-0042');

    // The first attempt reaches the server, which saves it, but the answer is lost on the way back.
    const referrals = `${run.server.url}/api/v1/referrals`;
    await page.route(referrals, async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('referral-form-submit').click();
    await expect
      .poll(() => page.getByTestId('referral-form').getByRole('alert').textContent())
      .toMatch(/could not reach the server/i);
    await page.unroute(referrals);

    // The retry (clicked twice, impatiently) carries the same Idempotency-Key: the same referral comes back.
    await page.getByTestId('referral-form-submit').dblclick();
    const detail = page.getByTestId('referral-detail');
    await detail.waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);
    const text = (await detail.textContent()) ?? '';
    expect(text).toMatch(/already saved as R-\d+; it was not saved twice/);
    expect(text).toContain('+639171234567');
    expect(text).toContain('suspect.a@example.com');
    expect(text).toContain('National Crime Agency');
    expect(text).toContain('NCA-2026-0042');
    const evidenceTable = page.getByTestId('referral-evidence');
    expect(await evidenceTable.textContent()).toContain('EXH-JS-0042');
    expect(await evidenceTable.textContent()).toContain('Chat logs and images');
    await run.screenshot('6-new-referral-created');
  });

  it('stored one referral for the external id', async () => {
    await page.goto(`${run.server.url}/?q=NCA-2026-0042`);
    await page.getByTestId('queue-table').waitFor();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(1);
  });
});

describe('the referral page shows the children of a referral by pseudonym only', () => {
  let page: Page;

  beforeAll(async () => {
    page = await run.browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await page?.close();
  });

  it('lists pseudonym, age and region, and nothing of the identity', async () => {
    await page.goto(run.server.url);
    await logInAsAdmin(page);
    await page.getByTestId('queue-table').waitFor();
    // Submitted through the API, as a platform would: the form does not take children's identities.
    const session = await (await page.request.get(`${run.server.url}/api/v1/auth/session`)).json();
    const response = await page.request.post(`${run.server.url}/api/v1/referrals`, {
      headers: { 'X-CSRF-Token': session.csrfToken },
      data: {
        source: 'hotline',
        incident: { type: 'child-sexual-abuse-material' },
        reporter: { kind: 'hotline', name: 'Test hotline' },
        victims: [
          {
            ageYears: 12,
            sex: 'female',
            location: { country: 'PH', region: 'VII' },
            identity: { names: ['Maria Identity-Test'], schoolName: 'Identity Test School' },
          },
          { ageEstimate: '8-10' },
        ],
      },
    });
    expect(response.status()).toBe(201);
    const { id } = await response.json();

    await page.goto(`${run.server.url}/referrals/${id}`);
    const children = page.getByTestId('referral-children');
    await children.waitFor();
    const rows = await children.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^V-[A-Z2-9]{4}-[A-Z2-9]{4}12 yearsCentral Visayas \(VII\)$/);
    expect(rows[1]).toMatch(/^V-[A-Z2-9]{4}-[A-Z2-9]{4}8-10—$/);
    const text = (await page.getByTestId('referral-detail').textContent()) ?? '';
    expect(text).not.toMatch(/Maria|Identity Test School|female/i);
  });
});
