import { DEFAULT_BATCH_SIZE, type HashListFormat } from '@sinag/core';
import { createHashSet, importHashList, type OrganisationActor } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import type { Fixture } from '../fixture.ts';
import { chunksOf, plainMd5List, vicsDocument } from '../hash-lists.ts';
import { defineBenchmark, type MeasureContext } from './define.ts';
import { timedFigures } from './figures.ts';

/** Entries imported into another set first, so the JIT and the database caches are warm. */
const WARMUP = 20_000;

async function importInto(
  fixture: Fixture,
  who: OrganisationActor,
  name: string,
  format: HashListFormat,
  file: Buffer,
) {
  const set = await createHashSet(fixture.services, who, { name });
  const batchMs: number[] = [];
  let last = performance.now();
  const started = last;
  const job = await importHashList(fixture.services, who, set.id, format, chunksOf(file), {
    onProgress: () => {
      const now = performance.now();
      batchMs.push(now - last);
      last = now;
    },
  });
  return { job, seconds: (performance.now() - started) / 1000, batchMs };
}

/** The same import, end to end, for a plain list and for VICS: parse, store, job progress, audit. */
function measureImport(format: HashListFormat, count: number, make: (seed: number, n: number) => Buffer) {
  return async ({ fixture, options, log }: MeasureContext) => {
    const who: OrganisationActor = {
      organisationId: fixture.intake.organisationId,
      userId: fixture.intake.adminId,
      by: fixture.intake.admin,
    };
    const entries = options.quick ? count / 10 : count;
    log(`warm-up: ${WARMUP} entries into another set`);
    await importInto(fixture, who, 'warm-up', format, make(options.seed + 1, WARMUP));
    const file = make(options.seed, entries);
    log(`timed: ${entries} entries (${(file.length / 1048576).toFixed(1)} MiB of ${format}) into a new set`);
    const { job, seconds, batchMs } = await importInto(fixture, who, 'timed', format, file);
    if (job.imported !== entries || job.rejected !== 0)
      throw new Error(`expected ${entries} entries imported, got ${JSON.stringify(job)}`);
    const checks = await checkStored(fixture.services, 0);
    return {
      unit: 'entry',
      ...timedFigures(entries, seconds, 'batch', batchMs),
      warmup: WARMUP,
      params: {
        format,
        batchSize: DEFAULT_BATCH_SIZE,
        fileMiB: Math.round(file.length / 10485.76) / 100,
        batches: batchMs.length,
        seed: options.seed,
      },
      checks,
    };
  };
}

export const hashsetImportPlain = defineBenchmark({
  name: 'hashset.import-plain',
  description:
    'importHashList() as `sinag hashset import --format md5` and the import API call it: a plain list of 1,000,000 random MD5 hashes streamed in 1 MiB chunks into a new set (parse, stored batch by batch with the job’s progress, audit). Entries/s; p50/p99 per stored batch',
  measure: measureImport('md5', 1_000_000, plainMd5List),
});

export const hashsetImportVics = defineBenchmark({
  name: 'hashset.import-vics',
  description:
    'importHashList() on a Project VIC VICS 2.0 file of 300,000 synthetic Media records (MD5, SHA1, SHA-256 and PDQ, category, flags, series) streamed in 1 MiB chunks into a new set. Entries/s; p50/p99 per stored batch',
  measure: measureImport('vics', 300_000, vicsDocument),
});
