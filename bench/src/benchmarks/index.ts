import { createApi } from './create-api.ts';
import { createBulk } from './create-bulk.ts';
import { financeImport, financeImportPooled, financeScreenKnown } from './finance-import.ts';
import { financeQuality, financeScreen } from './finance.ts';
import { geoIpLookup } from './geo-ip-lookup.ts';
import { hashJpeg12mp, hashJpegFullHd, hashJpegVga, pdqCore } from './hash.ts';
import { hashsetImportPlain, hashsetImportVics } from './hashset-import.ts';
import { importXml } from './import-xml.ts';
import { ispwsFlow } from './ispws-flow.ts';
import { linkHub, linkReferrals } from './link.ts';
import { matchExactIndex } from './match-exact.ts';
import { matchPdqIndex } from './match-pdq.ts';
import { triageRescore } from './triage-rescore.ts';
import { queueScale } from './queue-scale.ts';
import { casesScale } from './cases-scale.ts';
import type { Benchmark } from './types.ts';

/** Every benchmark, in the order they run. */
export const BENCHMARKS: Benchmark[] = [
  createApi,
  createBulk,
  importXml,
  ispwsFlow,
  linkReferrals,
  linkHub,
  pdqCore,
  hashJpegVga,
  hashJpegFullHd,
  hashJpeg12mp,
  hashsetImportPlain,
  hashsetImportVics,
  matchPdqIndex,
  matchExactIndex,
  geoIpLookup,
  triageRescore,
  queueScale,
  casesScale,
  financeImport,
  financeImportPooled,
  financeScreenKnown,
  financeScreen,
  financeQuality,
];

/** The benchmarks `--only` selects: exact names or name prefixes ("referrals.create" picks both). */
export function selectBenchmarks(only: string[]): Benchmark[] {
  if (!only.length) return BENCHMARKS;
  const unknown = only.filter((o) => !BENCHMARKS.some((b) => b.name === o || b.name.startsWith(`${o}.`)));
  if (unknown.length) {
    throw new Error(
      `--only: no benchmark named ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`,
    );
  }
  return BENCHMARKS.filter((b) => only.some((o) => b.name === o || b.name.startsWith(`${o}.`)));
}
