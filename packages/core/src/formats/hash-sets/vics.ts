import { BatchBuilder, HashListFormatError, type ParsedBatch, type Chunks } from './batches.ts';
import { EntryError } from './entry.ts';
import { vicsMediaEntry } from './vics-record.ts';

const FORMAT = 'a Project VIC (VICS) JSON file';
const [QUOTE, BACKSLASH, NEWLINE, COMMA] = [34, 92, 10, 44];
const [OPEN_OBJECT, CLOSE_OBJECT, OPEN_LIST, CLOSE_LIST] = [123, 125, 91, 93];

/** "1.2", "1.3" or "2.0" from an `odata.metadata` / `@odata.context` marker. */
export function vicsDialect(marker: unknown): string | null {
  return /DataModels\/(\d+(?:\.\d+)*)\.xml/i.exec(String(marker))?.[1] ?? null;
}

/**
 * Reads a Project VIC / VICS JSON file (1.2, 1.3, 2.0; `#Media` files, and `#Cases` files whose cases
 * carry `Media` lists) in bounded memory, whatever its size.
 *
 * Hand-written on purpose: a scanner finds where each Media record begins and ends (tracking only nesting,
 * strings and line breaks) and hands the record's text to `JSON.parse`, which is native. Measured 2.5 times
 * faster than @streamparser/json only tokenising the same file (docs/hash-sets.md).
 */
export async function* readVicsJson(chunks: Chunks, batchSize: number): AsyncGenerator<ParsedBatch> {
  const batch = new BatchBuilder(batchSize, FORMAT);
  const scanner = new VicsScanner(batch);
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (const _ of scanner.feed(text)) yield batch.take();
  }
  for (const _ of scanner.feed(decoder.decode())) yield batch.take();
  scanner.end();
  yield batch.finish();
}

class VicsScanner {
  /** Text not yet consumed: from the earliest start still needed. */
  private buf = '';
  private pos = 0;
  private depth = 0;
  private line = 1;
  private started = false;
  /** Start of the current member of the root object (not the `value` list), or -1. */
  private memberStart = -1;
  /** Depth whose list elements are records: 2 in the root `value` list, 4 in a case's `Media`; -1 if none. */
  private recordDepth = -1;
  /** Start and line of the record being read, or -1. */
  private recordStart = -1;
  private recordLine = 0;
  /** Inside a `value` element that is a case (its Media are the records): the case itself is not kept. */
  private inCase = false;
  private sawValue = false;
  private recordNumber = 0;

  constructor(private readonly batch: BatchBuilder) {}

  /** Scans `text`, yielding whenever the batch is full. */
  *feed(text: string): Generator<void> {
    this.buf += text;
    const buf = this.buf;
    const len = buf.length;
    let i = this.pos;
    while (i < len) {
      const c = buf.charCodeAt(i);
      if (!this.started && c > 32) {
        if (c !== OPEN_OBJECT)
          throw new HashListFormatError(`not ${FORMAT}: it does not start with a JSON object`);
        this.started = true;
        this.depth = 1;
        this.memberStart = i + 1;
      } else if (c === QUOTE) {
        const end = closingQuote(buf, i);
        if (end < 0) break; // the string goes on in the next chunk: scan it again from its start
        if (this.depth === this.recordDepth && this.recordStart < 0) this.startRecord(i);
        i = end;
      } else if (c === NEWLINE) {
        this.line++;
      } else if (c === OPEN_OBJECT || c === OPEN_LIST) {
        this.open(c, i);
      } else if (c === CLOSE_OBJECT || c === CLOSE_LIST || c === COMMA) {
        if (this.endOfValue(c, i) && this.batch.full) {
          this.pos = i + 1;
          yield;
        }
      } else if (c > 32 && this.depth === this.recordDepth && this.recordStart < 0) {
        this.startRecord(i); // a number or word where a record should be: read it, then reject it
      }
      i++;
    }
    this.pos = i;
    this.compact();
  }

  end(): void {
    if (!this.started) throw new HashListFormatError(`not ${FORMAT}: the file is empty`);
    if (this.recordStart >= 0)
      this.batch.reject(
        ++this.recordNumber,
        this.recordLine,
        'the file ends inside this record (truncated?)',
      );
    if (!this.sawValue)
      throw new HashListFormatError(`not ${FORMAT}: it has no "value" list of Media records`);
  }

  private open(c: number, i: number): void {
    if (this.depth === this.recordDepth && this.recordStart < 0) this.startRecord(i);
    if (c === OPEN_LIST && this.depth === 1 && /"value"\s*:\s*$/.test(this.buf.slice(this.memberStart, i))) {
      this.sawValue = true;
      this.memberStart = -1;
      this.recordDepth = 2;
    } else if (c === OPEN_LIST && this.depth === 3 && this.recordDepth === 2 && this.isMediaKey(i)) {
      // A case of a `#Cases` file: its Media list holds the records, and the case is not kept.
      this.inCase = true;
      this.recordStart = -1;
      this.recordDepth = 4;
    }
    this.depth++;
  }

  /** Handles `}`, `]` or `,`; true when a record was completed. */
  private endOfValue(c: number, i: number): boolean {
    let done = false;
    if (this.depth === this.recordDepth && c !== CLOSE_OBJECT) {
      if (this.inCase && this.recordDepth === 2) this.inCase = false;
      else done = this.finishRecord(i);
      // The end of a case's Media list leaves the case; the end of `value` leaves the records.
      if (c === CLOSE_LIST) this.recordDepth = this.recordDepth === 4 ? 2 : -1;
    } else if (this.depth === 1) {
      this.finishMember(i);
      this.memberStart = c === COMMA ? i + 1 : -1;
    }
    if (c !== COMMA) this.depth--;
    return done;
  }

  private startRecord(i: number): void {
    this.recordStart = i;
    this.recordLine = this.line;
  }

  private finishRecord(i: number): boolean {
    const start = this.recordStart;
    this.recordStart = -1;
    if (start < 0) return false;
    const number = ++this.recordNumber;
    try {
      this.batch.add(vicsMediaEntry(JSON.parse(this.buf.slice(start, i))));
    } catch (error) {
      if (!(error instanceof EntryError || error instanceof SyntaxError)) throw error;
      this.batch.reject(number, this.recordLine, error.message);
    }
    return true;
  }

  /** A member of the root object besides `value`: the dialect marker, or anything else (ignored). */
  private finishMember(i: number): void {
    const start = this.memberStart;
    if (start < 0 || !this.buf.slice(start, i).trim()) return;
    let member: Record<string, unknown>;
    try {
      member = JSON.parse(`{${this.buf.slice(start, i)}}`) as Record<string, unknown>;
    } catch {
      throw new HashListFormatError(`not ${FORMAT}: invalid JSON before line ${this.line + 1}`);
    }
    const marker = member['odata.metadata'] ?? member['@odata.context'];
    if (marker !== undefined) this.batch.dialect = vicsDialect(marker) ?? String(marker).slice(0, 200);
  }

  private isMediaKey(i: number): boolean {
    return /"Media"\s*:\s*$/.test(this.buf.slice(Math.max(0, i - 50), i));
  }

  /** Drops the text no longer needed, keeping the record or member being read. */
  private compact(): void {
    const keep = Math.min(...[this.pos, this.recordStart, this.memberStart].filter((s) => s >= 0));
    if (keep === 0) return;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    if (this.recordStart >= 0) this.recordStart -= keep;
    if (this.memberStart >= 0) this.memberStart -= keep;
  }
}

/** Index of the quote closing the string opened at `open`, or -1 if the text ends first. */
function closingQuote(buf: string, open: number): number {
  let q = open;
  for (;;) {
    q = buf.indexOf('"', q + 1);
    if (q < 0) return -1;
    let backslashes = 0;
    while (buf.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
}
