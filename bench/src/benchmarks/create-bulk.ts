import { createReferralsBulk } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { openFixture } from '../fixture.ts';
import { round, summarise } from '../stats.ts';
import type { Benchmark } from './types.ts';

export const createBulk: Benchmark = {
  name: 'referrals.create.bulk',
  description:
    'createReferralsBulk() in the service layer (validation, normalisation, triage, inserts, audit) in batches, one transaction each',
  async run(database, options, log) {
    const fixture = await openFixture(database, options.postgresUrl);
    try {
      const { services, intake } = fixture;
      const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
      const batchSize = Math.min(options.batchSize, options.bulkCount);
      const data = benchReferrals(options.seed, batchSize, options.bulkCount);

      // Items as an import hands them over: the raw referral (and no source documents here).
      const warmup = data.warmup.map((r) => ({ data: r as unknown }));
      const items = data.timed.map((r) => ({ data: r as unknown }));

      log(`warm-up: one batch of ${batchSize}`);
      await createReferralsBulk(services, owner, intake.admin, warmup);

      const batches = Math.ceil(options.bulkCount / batchSize);
      log(`timed: ${options.bulkCount} referrals in ${batches} batches of ${batchSize}`);
      const batchMs: number[] = [];
      const started = performance.now();
      for (let b = 0; b < batches; b++) {
        const batchStarted = performance.now();
        const batch = items.slice(b * batchSize, (b + 1) * batchSize);
        const created = await createReferralsBulk(services, owner, intake.admin, batch);
        batchMs.push(performance.now() - batchStarted);
        if (!created.length) throw new Error(`batch ${b} created nothing`);
      }
      const seconds = (performance.now() - started) / 1000;

      const checks = await checkStored(services, batchSize + options.bulkCount);
      const latency = summarise(batchMs)!;
      return {
        name: this.name,
        database,
        storage: fixture.storage,
        databaseVersion: fixture.databaseVersion,
        unit: 'referral',
        operations: options.bulkCount,
        seconds: round(seconds, 3),
        opsPerSecond: round(options.bulkCount / seconds, 1),
        latency: { of: 'batch', samples: batchMs.length, ...latency },
        warmup: batchSize,
        params: { batchSize, seed: options.seed, ...data.shape },
        checks,
      };
    } finally {
      await fixture.close();
    }
  },
};
