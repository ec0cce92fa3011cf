import { importCyberTips, type ImportStage } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import { syntheticCyberTips } from '../cybertip-xml.ts';
import { openFixture } from '../fixture.ts';
import { round, summarise } from '../stats.ts';
import type { Benchmark } from './types.ts';

export const importXml: Benchmark = {
  name: 'import.cybertipline-xml',
  description:
    'importCyberTips() as `sinag import cybertip` calls it: schema validation, mapping, normalisation and storage (with the original documents and audit entries) of CyberTipline report XML with one fileDetails each, in batches',
  async run(database, options, log) {
    const fixture = await openFixture(database, options.postgresUrl);
    try {
      const { services, intake } = fixture;
      const actor = {
        owner: { organisationId: intake.organisationId, createdBy: intake.adminId },
        by: intake.admin,
      };
      const count = options.bulkCount;
      const batchSize = Math.min(options.batchSize, count);
      const tips = syntheticCyberTips(options.seed, batchSize + count);
      const documents = tips.map((tip) => ({
        name: tip.name,
        format: 'cybertipline-xml' as const,
        content: tip.report,
        fileDetails: tip.fileDetails,
        reportId: tip.reportId,
      }));
      const bytes = documents.reduce((n, d) => n + d.content.length + d.fileDetails.join('').length, 0);

      log(`warm-up: one batch of ${batchSize}`);
      await importCyberTips(services, actor, { documents: documents.slice(0, batchSize) });

      const batches = Math.ceil(count / batchSize);
      log(`timed: ${count} reports in ${batches} batches of ${batchSize}`);
      const stages: Record<ImportStage, number> = { dedupe: 0, 'validate-map': 0, prepare: 0, store: 0 };
      const onStage = (stage: ImportStage, ms: number) => (stages[stage] += ms);
      const batchMs: number[] = [];
      const started = performance.now();
      for (let b = 0; b < batches; b++) {
        const batchStarted = performance.now();
        const batch = documents.slice(batchSize + b * batchSize, batchSize + (b + 1) * batchSize);
        const { counts } = await importCyberTips(services, actor, { documents: batch }, { onStage });
        batchMs.push(performance.now() - batchStarted);
        if (counts.imported !== batch.length)
          throw new Error(`batch ${b}: ${JSON.stringify(counts)} (expected all ${batch.length} imported)`);
      }
      const seconds = (performance.now() - started) / 1000;
      const perReport = (ms: number) => round((ms * 1000) / count, 1);
      log(
        `stages, µs per report: ${Object.entries(stages)
          .map(([stage, ms]) => `${stage} ${perReport(ms)}`)
          .join(', ')}`,
      );

      const checks = await checkStored(services, batchSize + count);
      const latency = summarise(batchMs)!;
      return {
        name: this.name,
        database,
        storage: fixture.storage,
        databaseVersion: fixture.databaseVersion,
        unit: 'report',
        operations: count,
        seconds: round(seconds, 3),
        opsPerSecond: round(count / seconds, 1),
        latency: { of: 'batch', samples: batchMs.length, ...latency },
        warmup: batchSize,
        params: {
          batchSize,
          seed: options.seed,
          fileDetailsPerReport: 1,
          avgXmlBytes: Math.round(bytes / documents.length),
          ...Object.fromEntries(
            Object.entries(stages).map(([stage, ms]) => [`µsPerReport.${stage}`, perReport(ms)]),
          ),
        },
        checks,
      };
    } finally {
      await fixture.close();
    }
  },
};
