import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInAsAdmin, startBrowserRun, type BrowserRun } from './harness.ts';

let run: BrowserRun;

beforeAll(async () => {
  run = await startBrowserRun();
});

afterAll(async () => {
  await run?.close();
});

describe('an analyst sees what a referral is linked to', () => {
  let page: Page;
  let referralId: string;

  beforeAll(async () => {
    page = run.page;
    const { db } = run.server.services;
    // The demo referrals reuse accounts: wait until the background linker has been through them.
    for (
      let waited = 0;
      (await db.selectFrom('link_queue').select('referral_id').execute()).length;
      waited++
    ) {
      if (waited > 300) throw new Error('the demo referrals were not linked within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const linked = await db
      .selectFrom('referral_clusters as rc')
      .innerJoin('clusters as c', 'c.id', 'rc.cluster_id')
      .select('rc.referral_id')
      .orderBy('c.size', 'desc')
      .orderBy('rc.referral_id')
      .executeTakeFirstOrThrow();
    referralId = linked.referral_id;
  });

  it('lists the linked referrals with the identifiers that link them, and draws the graph', async () => {
    await page.goto(`${run.server.url}/referrals/${referralId}`);
    await logInAsAdmin(page);
    const members = page.getByTestId('cluster-members');
    await members.waitFor();
    expect(await members.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await members.locator('tbody tr').first().locator('td').last().textContent()).toMatch(/\S/);
    const graph = page.getByTestId('link-graph');
    await expect.poll(() => graph.getAttribute('data-expanded')).toBe('1');
    expect(await graph.locator('canvas').count()).toBeGreaterThan(0);
    await run.screenshot('referral-linked');
  });

  it('opens a linked referral from the table with the keyboard', async () => {
    const link = page.getByTestId('cluster-members').locator('tbody a').first();
    const reference = await link.textContent();
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').first().textContent()).toBe(reference);
  });

  it('filters the queue to referrals in larger clusters', async () => {
    await page.goto(run.server.url);
    await page.getByTestId('queue-table').waitFor();
    // The address changes before the page renders the new query: wait for its answer, then for the table.
    const filtered = page.waitForResponse((res) => res.url().includes('minClusterSize=5'));
    await page.getByLabel('Linked referrals').selectOption('5');
    await expect.poll(() => new URL(page.url()).searchParams.get('minClusterSize')).toBe('5');
    await filtered;
    await page.locator('[data-testid="queue-table"]:not([aria-busy="true"])').waitFor();
    const references = await page.getByTestId('queue-row').locator('a').allTextContents();
    expect(references.length).toBeGreaterThan(0);
    const sizes = await run.server.services.db
      .selectFrom('referrals as r')
      .innerJoin('referral_clusters as rc', 'rc.referral_id', 'r.id')
      .innerJoin('clusters as c', 'c.id', 'rc.cluster_id')
      .select('c.size')
      .where('r.reference', 'in', references)
      .execute();
    expect(sizes).toHaveLength(references.length);
    for (const { size } of sizes) expect(size).toBeGreaterThanOrEqual(5);
  });

  it('lets the admin publish the organisation’s deconfliction hashes with a contact', async () => {
    await page.getByRole('link', { name: 'Deconfliction' }).click();
    const status = page.getByTestId('deconfliction-status');
    await status.waitFor();
    expect(await status.textContent()).toBe('Not published yet.');
    await page.getByLabel('Name or desk').fill('Duty desk');
    await page.getByLabel('Phone').fill('+63 2 8000 0000');
    await page.getByRole('button', { name: 'Publish' }).click();
    // The demo server has no federation key: nothing is published, and the page says why.
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/SINAG_FEDERATION_KEY/);
    const { services } = run.server;
    services.config = { ...services.config, federationKey: 'e2e-federation-key-0123456789abcdef' };
    await page.getByRole('button', { name: 'Publish' }).click();
    // The demo centre's open cases hold identifiers, and those are what is published.
    await expect.poll(() => status.textContent()).toMatch(/^Published .+: [1-9]\d* identifiers\.$/);
    await page.reload();
    await expect.poll(() => page.getByLabel('Name or desk').inputValue()).toBe('Duty desk');
  });
});
