import { parse as parseCsv } from 'csv-parse/sync';
import { textLines, type Chunks } from '../formats/hash-sets/batches.ts';
import {
  DEFAULT_MAPPING,
  REQUIRED_COLUMNS,
  type ColumnMapping,
  type TransactionFileFormat,
} from './mapping.ts';
import { parseTransactionRecord, type FieldValue } from './record.ts';
import {
  DEFAULT_TRANSACTION_COLUMNS,
  type FinanceTransaction,
  type TransactionColumn,
} from './transaction.ts';

/** A row that was skipped: its line in the file (1 = the first line) and why, naming the column. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** What the reader hands on: transactions (with their line), skipped rows, and how many rows it has read so far. */
export interface TransactionBatch {
  transactions: FinanceTransaction[];
  rejected: RejectedRow[];
  rows: number;
}

/** The file cannot be read at all in the stated layout (e.g. a required column is missing from the header). */
export class TransactionFileError extends Error {}

export const DEFAULT_TRANSACTION_BATCH = 5000;

export interface ReadOptions {
  format: TransactionFileFormat;
  mapping?: ColumnMapping;
  batchSize?: number;
}

/**
 * Reads payments as they stream in — CSV with a header line (the default layout, or another through a column
 * mapping) or JSON lines (one object per line, keyed like the default header or as the mapping says) — in
 * batches of bounded size, so a file of any length is read in bounded memory. Bad rows are skipped with their
 * line and reason; the rest are read.
 */
export async function* readTransactions(
  chunks: Chunks,
  options: ReadOptions,
): AsyncGenerator<TransactionBatch> {
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  const batch = new Batcher(options.batchSize ?? DEFAULT_TRANSACTION_BATCH);
  const reader = options.format === 'csv' ? csvRows(mapping) : jsonRows(mapping);
  // One await per chunk of lines, not per row: the rows of a chunk are read synchronously.
  for await (const lines of textLines(chunks)) {
    for (const row of reader.rows(lines)) {
      if ('reason' in row) batch.reject(row);
      else {
        const parsed = parseTransactionRecord(row.value, mapping);
        if (parsed.ok) batch.add(parsed.transaction);
        else batch.reject({ line: row.line, reason: parsed.reason });
      }
      if (batch.full) yield batch.take();
    }
  }
  for (const row of reader.end()) batch.reject(row);
  yield batch.take();
}

type Row = { line: number; value: FieldValue } | RejectedRow;

/** Turns the lines of a file, a chunk at a time, into rows; `end` reports what is left unfinished. */
interface RowReader {
  rows(lines: string[]): Iterable<Row>;
  end(): RejectedRow[];
}

class Batcher {
  private transactions: FinanceTransaction[] = [];
  private rejected: RejectedRow[] = [];
  private rows = 0;
  constructor(private readonly size: number) {}
  add(transaction: FinanceTransaction) {
    this.rows++;
    this.transactions.push(transaction);
  }
  reject(row: RejectedRow) {
    this.rows++;
    this.rejected.push(row);
  }
  get full() {
    return this.transactions.length + this.rejected.length >= this.size;
  }
  take(): TransactionBatch {
    const batch = { transactions: this.transactions, rejected: this.rejected, rows: this.rows };
    this.transactions = [];
    this.rejected = [];
    return batch;
  }
}

/** Field → where its value comes from: a fixed value, or the source column (CSV index or JSON key). */
function sources(mapping: ColumnMapping) {
  return DEFAULT_TRANSACTION_COLUMNS.map((field) => ({
    field,
    constant: mapping.constants[field],
    column: mapping.columns[field] ?? field,
  }));
}

/** One CSV record as csv-parse reads it, for lines with quotes (all CSV quoting rules); null if unreadable. */
function quotedRecord(text: string, delimiter: string): string[] | { error: string } {
  try {
    return parseCsv(text, { delimiter, relax_column_count: true })[0] ?? [];
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const quotes = (text: string) => text.split('"').length - 1;

/**
 * CSV records with the line each starts on. A line without a quote is split at the delimiter (most lines of
 * a payment file, and ten times faster than a general parser); a line with quotes — or a quoted field running
 * over several lines — goes to csv-parse.
 */
function csvRecords(delimiter: string) {
  let line = 0;
  let pending: string[] = [];
  let pendingQuotes = 0;
  let pendingLine = 0;
  function* records(lines: string[]): Generator<{ line: number; fields: string[] } | RejectedRow> {
    for (const text of lines) {
      line++;
      if (pending.length) {
        pending.push(text);
        pendingQuotes += quotes(text);
        if (pendingQuotes % 2) continue;
        const record = quotedRecord(pending.join('\n'), delimiter);
        pending = [];
        yield 'error' in record
          ? { line: pendingLine, reason: `not valid CSV: ${record.error}` }
          : { line: pendingLine, fields: record };
        continue;
      }
      if (!text.includes('"')) {
        if (text.trim()) yield { line, fields: text.split(delimiter) };
        continue;
      }
      pendingQuotes = quotes(text);
      if (pendingQuotes % 2) {
        pending = [text];
        pendingLine = line;
        continue;
      }
      const record = quotedRecord(text, delimiter);
      yield 'error' in record ? { line, reason: `not valid CSV: ${record.error}` } : { line, fields: record };
    }
  }
  const end = (): RejectedRow[] =>
    pending.length ? [{ line: pendingLine, reason: 'not valid CSV: a quoted field is never closed' }] : [];
  return { records, end };
}

function csvRows(mapping: ColumnMapping): RowReader {
  let index: Record<TransactionColumn, number> | undefined;
  let width = 0;
  let record: string[] = [];
  const fixed = new Map<TransactionColumn, string>();
  const value: FieldValue = (field) => fixed.get(field) ?? record[index![field]];
  const csv = csvRecords(mapping.delimiter);
  function* rows(lines: string[]): Generator<Row> {
    for (const row of csv.records(lines)) {
      if ('reason' in row) {
        yield row;
        continue;
      }
      if (!index) {
        index = header(row.fields, mapping, fixed);
        width = row.fields.length;
        continue;
      }
      if (row.fields.length !== width) {
        yield { line: row.line, reason: `has ${row.fields.length} columns, the header has ${width}` };
        continue;
      }
      record = row.fields;
      yield { line: row.line, value };
    }
  }
  return { rows, end: csv.end };
}

/** Column positions from the header line; a required field with no column (and no fixed value) is fatal. */
function header(
  names: string[],
  mapping: ColumnMapping,
  fixed: Map<TransactionColumn, string>,
): Record<TransactionColumn, number> {
  const position = new Map(names.map((name, i) => [name.trim().toLowerCase(), i]));
  const index = {} as Record<TransactionColumn, number>;
  for (const { field, constant, column } of sources(mapping)) {
    if (constant !== undefined) {
      fixed.set(field, constant);
      continue;
    }
    const i = position.get(column.toLowerCase());
    index[field] = i ?? -1;
    if (i === undefined && (REQUIRED_COLUMNS as readonly string[]).includes(field))
      throw new TransactionFileError(
        `the header line has no column "${column}"${column === field ? '' : ` (for ${field})`}; ` +
          `it starts "${names.join(mapping.delimiter).slice(0, 80)}"`,
      );
  }
  return index;
}

function jsonRows(mapping: ColumnMapping): RowReader {
  const fields = sources(mapping);
  const keyOf = new Map(fields.map((f) => [f.field, f.column]));
  const fixed = new Map(fields.filter((f) => f.constant !== undefined).map((f) => [f.field, f.constant!]));
  let object: Record<string, unknown> = {};
  const value: FieldValue = (field) => {
    const constant = fixed.get(field);
    if (constant !== undefined) return constant;
    const raw = object[keyOf.get(field)!];
    return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
  };
  let line = 0;
  function* rows(lines: string[]): Generator<Row> {
    for (const text of lines) {
      line++;
      if (!text.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        yield { line, reason: `not valid JSON: ${(error as Error).message}` };
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        yield { line, reason: 'not a JSON object' };
        continue;
      }
      object = parsed as Record<string, unknown>;
      yield { line, value };
    }
  }
  return { rows, end: () => [] };
}
