import { createReferralsBulk, linkQueuedReferrals, type Services } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

const count = async (services: Services, table: 'clusters' | 'referral_clusters' | 'link_queue') =>
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
