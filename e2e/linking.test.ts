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
});
