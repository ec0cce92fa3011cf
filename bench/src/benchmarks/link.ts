import { createReferralsBulk, linkQueuedReferrals, rescoreQueued, type Services } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

const count = async (
  services: Services,
  table: 'clusters' | 'referral_clusters' | 'link_queue' | 'triage_queue',
) =>
  Number(
    (
      await services.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const linkReferrals = defineBenchmark({
  name: 'referrals.link',
  description:
    'Identifier linking: --bulk-count demo referrals stored (untimed), then all queued again and linked from scratch in batches, beside the server’s own linking loop',
  async measure({ fixture: { services, intake }, options, log }) {
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const batchSize = Math.min(options.batchSize, options.bulkCount);
    const data = benchReferrals(options.seed, batchSize, options.bulkCount);
    const all = [...data.warmup, ...data.timed].map((r) => ({ data: r as unknown }));
    log(`storing ${all.length} referrals (untimed)`);
    for (let i = 0; i < all.length; i += batchSize)
      await createReferralsBulk(services, owner, intake.admin, all.slice(i, i + batchSize));
    while ((await count(services, 'link_queue')) > 0) await linkQueuedReferrals(services);
    const clusters = await count(services, 'clusters');

    // Linking from scratch gives the same clusters: the timed run is checked against the first.
    const { db } = services;
    for (const table of ['referral_links', 'referral_clusters', 'clusters', 'referral_link_keys'] as const)
      await db.deleteFrom(table).execute();
    await db
      .insertInto('link_queue')
      .columns(['referral_id'])
      .expression(db.selectFrom('referrals').select('id').where('identifier_count', '>', 0))
      .execute();
    const queued = await count(services, 'link_queue');
    log(`linking ${queued} queued referrals`);
    const batchMs: number[] = [];
    const began = performance.now();
    for (;;) {
      const t = performance.now();
      const linked = await linkQueuedReferrals(services);
      if (!linked && !(await count(services, 'link_queue'))) break;
      if (linked) batchMs.push(performance.now() - t);
    }
    const seconds = (performance.now() - began) / 1000;
    const relinked = await count(services, 'clusters');
    if (relinked !== clusters) throw new Error(`linking again made ${relinked} clusters, not ${clusters}`);
    return {
      unit: 'referral',
      ...timedFigures(queued, seconds, 'batch', batchMs),
      // The first, untimed linking of the same referrals.
      warmup: queued,
      params: {
        batchSize: 500,
        seed: options.seed,
        clusters,
        referralsInClusters: await count(services, 'referral_clusters'),
        ...data.shape,
      },
      checks: await checkStored(services, all.length),
    };
  },
});

/** Referrals stored per step of the hub benchmark: what intake hands the linker between two of its rounds. */
const HUB_STEP = 25;

export const linkHub = defineBenchmark({
  name: 'referrals.link.hub',
  description: `A much-shared identifier: --bulk-count demo referrals that all carry one email besides their own identifiers, stored ${HUB_STEP} at a time, each step linked and re-scored before the next. Their cluster grows to the whole set; the time per step should not grow with it`,
  async measure({ fixture: { services, intake }, options, log }) {
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const referrals = benchReferrals(options.seed, 0, options.bulkCount).timed.map((r) => {
      const persons = r.reportedPersons?.length ? r.reportedPersons : [{ role: 'reported' as const }];
      const [first, ...rest] = persons;
      const identifiers = [
        ...(first!.identifiers ?? []),
        { kind: 'email' as const, value: 'hub@example.org' },
      ];
      return { data: { ...r, reportedPersons: [{ ...first!, identifiers }, ...rest] } as unknown };
    });
    log(`storing, linking and scoring ${referrals.length} referrals, ${HUB_STEP} at a time`);
    const stepMs: number[] = [];
    const began = performance.now();
    for (let i = 0; i < referrals.length; i += HUB_STEP) {
      const t = performance.now();
      await createReferralsBulk(services, owner, intake.admin, referrals.slice(i, i + HUB_STEP));
      while ((await count(services, 'link_queue')) > 0) await linkQueuedReferrals(services);
      while ((await count(services, 'triage_queue')) > 0) await rescoreQueued(services);
      stepMs.push(performance.now() - t);
    }
    const seconds = (performance.now() - began) / 1000;
    const clusters = await count(services, 'clusters');
    if (clusters !== 1) throw new Error(`expected one cluster, got ${clusters}`);
    const tenth = Math.max(1, Math.floor(stepMs.length / 10));
    const meanMs = (ms: number[]) => Math.round((ms.reduce((a, b) => a + b, 0) / ms.length) * 10) / 10;
    return {
      unit: 'referral',
      ...timedFigures(referrals.length, seconds, 'batch', stepMs),
      warmup: 0,
      params: {
        batchSize: HUB_STEP,
        seed: options.seed,
        // Flat when a step's cost does not depend on the cluster's size.
        firstTenthStepMs: meanMs(stepMs.slice(0, tenth)),
        lastTenthStepMs: meanMs(stepMs.slice(-tenth)),
      },
      checks: await checkStored(services, referrals.length),
    };
  },
});
