import { parse, type CsvError, type Info } from 'csv-parse';
import { Readable, pipeline } from 'node:stream';
import { BatchBuilder, HashListFormatError, type ParsedBatch, type Chunks } from './batches.ts';
import { emptyEntry, EntryError, flag, requireHash, setHash, text, type HashEntry } from './entry.ts';

const FORMAT = 'an Interpol ICSE CSV file';

/** The ICSE export's header, as domain.md gives it; columns are found by name, in any order. */
export const ICSE_HEADER =
  'MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;' +
  'Number of submissions;File Available;Media Type;Baseline';

type Columns = Map<string, number>;

/**
 * An Interpol ICSE CSV export: `;`-separated, the header line first. Kept: MD5, SHA1, Image ID, the
 * distributed / victim / offender flags, the series and the Baseline flag, as the category `baseline` or
 * `not-baseline` (scheme `interpol-baseline`). PhotoDNA is proprietary and not kept.
 */
export async function* readIcseCsv(chunks: Chunks, batchSize: number): AsyncGenerator<ParsedBatch> {
  const batch = new BatchBuilder(batchSize, FORMAT);
  let columns: Columns | undefined;
  const parser = parse({
    delimiter: ';',
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const line = Number((error as { lines?: number } | undefined)?.lines ?? 0);
      batch.reject(line, line, `not valid CSV: ${error?.message ?? 'unreadable'}`);
      return undefined;
    },
  });
  // pipeline, not pipe: an error of the source (an aborted upload) then ends the reading below too.
  pipeline(Readable.from(chunks), parser, () => {});
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    if (!columns) {
      columns = header(record);
      continue;
    }
    try {
      batch.add(icseEntry(record, columns));
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      batch.reject(info.records - 1, info.lines, error.message);
    }
    if (batch.full) yield batch.take();
  }
  yield batch.finish();
}

function header(record: string[]): Columns {
  const columns: Columns = new Map(record.map((name, i) => [name.trim().toLowerCase(), i]));
  if (!columns.has('md5') || !columns.has('sha1'))
    throw new HashListFormatError(
      `not ${FORMAT}: the first line must be its header (${ICSE_HEADER}), got "${record.join(';').slice(0, 80)}"`,
    );
  return columns;
}

function icseEntry(record: string[], columns: Columns): HashEntry {
  const get = (name: string) => {
    const i = columns.get(name.toLowerCase());
    return i === undefined ? undefined : record[i];
  };
  const entry = emptyEntry();
  setHash(entry, 'md5', get('MD5'));
  setHash(entry, 'sha1', get('SHA1'));
  entry.sourceMediaId = text(get('Image ID'));
  entry.distributed = flag(get('Is distributed'), 'Is distributed');
  entry.victimIdentified = flag(get('Victim identified'), 'Victim identified');
  entry.offenderIdentified = flag(get('Offender identified'), 'Offender identified');
  entry.series = text(get('Series name'));
  const baseline = flag(get('Baseline'), 'Baseline');
  entry.category = baseline === null ? null : baseline ? 'baseline' : 'not-baseline';
  return requireHash(entry);
}
