import type { HashEntry } from './entry.ts';

export const VICS_2_0_CONTEXT =
  'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media';

export type VicsExportEntry = HashEntry;

const numberOrText = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : value);

/** One entry as a VICS 2.0 Media record: fields that are not stated are left out rather than guessed. */
function mediaRecord(entry: VicsExportEntry): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (entry.sourceMediaId !== null) record.MediaID = numberOrText(entry.sourceMediaId);
  if (entry.category !== null) record.Category = numberOrText(entry.category);
  if (entry.md5) record.MD5 = entry.md5;
  if (entry.sha1) record.SHA1 = entry.sha1;
  if (entry.victimIdentified !== null) record.VictimIdentified = entry.victimIdentified;
  if (entry.offenderIdentified !== null) record.OffenderIdentified = entry.offenderIdentified;
  if (entry.distributed !== null) record.IsDistributed = entry.distributed;
  if (entry.series !== null) record.Series = entry.series;
  if (entry.label !== null) record.Tags = [entry.label];
  const alternatives = [
    ...(entry.sha256 ? [{ HashName: 'SHA256', HashValue: entry.sha256 }] : []),
    ...(entry.pdq ? [{ HashName: 'PDQ', HashValue: entry.pdq }] : []),
  ];
  if (alternatives.length) record.AlternativeHashes = alternatives;
  return record;
}

/**
 * A hash set as a VICS 2.0 JSON document (`#Media`), written batch by batch so a set of any size streams:
 * one string per batch, one record per line.
 */
export async function* writeVicsJson(batches: AsyncIterable<VicsExportEntry[]>): AsyncGenerator<string> {
  yield `{"@odata.context":${JSON.stringify(VICS_2_0_CONTEXT)},"value":[`;
  let first = true;
  for await (const entries of batches) {
    if (!entries.length) continue;
    const records = entries.map((entry) => JSON.stringify(mediaRecord(entry))).join(',\n');
    yield `${first ? '\n' : ',\n'}${records}`;
    first = false;
  }
  yield '\n]}\n';
}
