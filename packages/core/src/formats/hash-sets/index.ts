import { DEFAULT_BATCH_SIZE, type ParsedBatch, type Chunks } from './batches.ts';
import { readIcseCsv } from './icse.ts';
import { readPlainList } from './plain.ts';
import { readVicsJson } from './vics.ts';

export {
  DEFAULT_BATCH_SIZE,
  type Chunks,
  FATAL_AFTER,
  HashListFormatError,
  type ParsedBatch,
  type RecordError,
} from './batches.ts';
export { emptyEntry, HASH_KINDS, HEX_LENGTH, hexProblem, type HashEntry, type HashKind } from './entry.ts';
export { DigestSet } from './digest-set.ts';
export {
  HASH_BYTES,
  METADATA_FIELDS,
  packEntries,
  rememberEntries,
  type EntryColumns,
  type HashColumns,
  type MetadataField,
} from './entry-columns.ts';
export { ICSE_HEADER } from './icse.ts';
export { vicsDialect } from './vics.ts';
export { writeVicsJson, VICS_2_0_CONTEXT, type VicsExportEntry } from './vics-writer.ts';

/** The formats a hash set can be imported from. */
export const HASH_LIST_FORMATS = ['vics', 'icse', 'md5', 'sha1', 'sha256', 'pdq'] as const;
export type HashListFormat = (typeof HASH_LIST_FORMATS)[number];

/**
 * Reads a hash list in `format` from a stream of chunks: batches of entries, with the records that were
 * skipped and why. Throws HashListFormatError (before any entry) when the file is not of that format at all.
 */
export function readHashList(
  format: HashListFormat,
  chunks: Chunks,
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<ParsedBatch> {
  if (format === 'vics') return readVicsJson(chunks, batchSize);
  if (format === 'icse') return readIcseCsv(chunks, batchSize);
  return readPlainList(format, chunks, batchSize);
}
