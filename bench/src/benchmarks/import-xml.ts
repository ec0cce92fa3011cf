import { importCyberTips, type ImportStage } from '@sinag/server';
import { checkStored } from '../checks.ts';
import { syntheticCyberTips } from '../cybertip-xml.ts';
import { round } from '../stats.ts';
import { timeBatches } from './batches.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

export const importXml = defineBenchmark({
  name: 'import.cybertipline-xml',
  description:
    'importCyberTips() as `sinag import cybertip` calls it: schema validation, mapping, normalisation and storage (with the original documents and audit entries) of CyberTipline report XML with one fileDetails each, in batches',
  async measure({ fixture: { services, intake }, options, log }) {
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

    const stages: Record<ImportStage, number> = { dedupe: 0, 'validate-map': 0, prepare: 0, store: 0 };
    const onStage = (stage: ImportStage, ms: number) => (stages[stage] += ms);
    const timed = documents.slice(batchSize);
    const { seconds, batchMs } = await timeBatches(
      timed,
      batchSize,
      { unit: 'reports', log },
      async (batch, b) => {
        const { counts } = await importCyberTips(services, actor, { documents: batch }, { onStage });
        if (counts.imported !== batch.length)
          throw new Error(`batch ${b}: ${JSON.stringify(counts)} (expected all ${batch.length} imported)`);
      },
    );
    const perReport = (ms: number) => round((ms * 1000) / count, 1);
    log(
      `stages, µs per report: ${Object.entries(stages)
        .map(([stage, ms]) => `${stage} ${perReport(ms)}`)
        .join(', ')}`,
    );

    const checks = await checkStored(services, batchSize + count);
    return {
      unit: 'report',
      ...timedFigures(count, seconds, 'batch', batchMs),
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
  },
});
