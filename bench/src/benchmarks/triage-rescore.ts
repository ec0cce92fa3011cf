import { createReferralsBulk, rescoreQueued, type Services } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { benchReferrals } from '../data.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

const queued = async (services: Services) => {
  const count = async (table: 'match_queue' | 'triage_queue') =>
    Number(
      (
        await services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return (await count('match_queue')) + (await count('triage_queue'));
};

/**
 * Re-scoring as a new fact or config version asks for it: `bulkCount` stored referrals are all queued, then
 * scored again batch by batch (facts from the stored referral and its files' match results) until the queue
 * is empty. The target: scoring keeps up with intake, at least 1,000 referrals per second.
 */
export const triageRescore = defineBenchmark({
  name: 'triage.rescore',
  description:
    'Re-scoring queued referrals (facts, factor table, batched update, audit) until the queue is empty',
  async measure({ fixture: { services, intake }, options, log }) {
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const data = benchReferrals(options.seed, 0, options.bulkCount);
    log(`setup: ${options.bulkCount} referrals, matched and scored in the background`);
    for (let i = 0; i < data.timed.length; i += options.batchSize)
      await createReferralsBulk(
        services,
        owner,
        intake.admin,
        data.timed.slice(i, i + options.batchSize).map((r) => ({ data: r as unknown })),
      );
    while ((await queued(services)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));

    log(`timed: re-scoring ${options.bulkCount} queued referrals`);
    const started = performance.now();
    await services.db
      .insertInto('triage_queue')
      .columns(['referral_id'])
      .expression(services.db.selectFrom('referrals').select('id'))
      .execute();
    // The server's own loop takes batches too: the figure is the time until the queue is empty.
    const batchMs: number[] = [];
    let scoredHere = 0;
    for (;;) {
      const batchStarted = performance.now();
      const scored = await rescoreQueued(services);
      if (!scored && (await queued(services)) === 0) break;
      if (scored) batchMs.push(performance.now() - batchStarted);
      scoredHere += scored;
    }
    const seconds = (performance.now() - started) / 1000;

    const bands = await services.db
      .selectFrom('referrals')
      .select(['band', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('band')
      .orderBy('band')
      .execute();
    return {
      unit: 'referral',
      ...timedFigures(options.bulkCount, seconds, 'batch', batchMs),
      warmup: 0,
      params: {
        // The referrals one rescoreQueued() call took, on average (the loop took the rest).
        batchSize: Math.round(scoredHere / Math.max(1, batchMs.length)),
        seed: options.seed,
        ...Object.fromEntries(bands.map((b) => [b.band, Number(b.n)])),
      },
      checks: { queuedAfter: await queued(services) },
    };
  },
});
