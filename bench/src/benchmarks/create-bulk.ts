import { createReferralsBulk } from '@sinag/server';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { timeBatches } from './batches.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

export const createBulk = defineBenchmark({
  name: 'referrals.create.bulk',
  description:
    'createReferralsBulk() in the service layer (validation, normalisation, triage, inserts, audit) in batches, one transaction each',
  async measure({ fixture: { services, intake }, options, log }) {
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const batchSize = Math.min(options.batchSize, options.bulkCount);
    const data = benchReferrals(options.seed, batchSize, options.bulkCount);

    // Items as an import hands them over: the raw referral (and no source documents here).
    const warmup = data.warmup.map((r) => ({ data: r as unknown }));
    const items = data.timed.map((r) => ({ data: r as unknown }));

    log(`warm-up: one batch of ${batchSize}`);
    await createReferralsBulk(services, owner, intake.admin, warmup);

    const { seconds, batchMs } = await timeBatches(
      items,
      batchSize,
      { unit: 'referrals', log },
      async (batch, b) => {
        const created = await createReferralsBulk(services, owner, intake.admin, batch);
        if (!created.length) throw new Error(`batch ${b} created nothing`);
      },
    );

    const checks = await checkStored(services, batchSize + options.bulkCount);
    return {
      unit: 'referral',
      ...timedFigures(options.bulkCount, seconds, 'batch', batchMs),
      warmup: batchSize,
      params: { batchSize, seed: options.seed, ...data.shape },
      checks,
    };
  },
});
