import {
  generateTransactions,
  LABEL_CSV_HEADER,
  labelCsvRow,
  TRANSACTION_CSV_HEADER,
  transactionCsvRow,
  type PlantedParty,
} from '@sinag/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { integer } from './import.ts';

/** Seconds between progress lines when stderr is not a terminal. */
const LINE_EVERY_MS = 10_000;
/** Characters gathered before one write: few calls, bounded memory. */
const CHUNK_CHARS = 1 << 20;

interface GenerateOptions {
  seed: number;
  rows: number;
  out?: string;
  labels?: string;
}

/** A file (gzip-compressed when its name ends in .gz), or stdout. */
function output(file: string | undefined): { stream: Writable; done: () => Promise<void> } {
  if (!file) return { stream: process.stdout, done: async () => {} };
  const target = createWriteStream(file);
  if (!file.endsWith('.gz')) return { stream: target, done: () => finished(target.end()) };
  const gzip = createGzip();
  gzip.pipe(target);
  return { stream: gzip, done: async () => (gzip.end(), await finished(target)) };
}

/** Lines written in chunks, waiting whenever the stream asks to (stdout into a slow pipe, a full disk). */
class LineWriter {
  private buffer = '';

  constructor(private readonly stream: Writable) {}

  async line(text: string): Promise<void> {
    this.buffer += `${text}\n`;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

class RowsProgress {
  private bar: SingleBar | undefined;
  private lastLine = Date.now();

  constructor(private readonly total: number) {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({
      stream: process.stderr,
      format:
        'Generating |{bar}| {percentage}% | {value}/{total} rows | ETA {eta_formatted} | planted {planted}',
      hideCursor: true,
      etaBuffer: 50,
    });
    this.bar.start(total, 0, { planted: 0 });
  }

  update(rows: number, planted: number): void {
    if (this.bar) return this.bar.update(rows, { planted });
    if (Date.now() - this.lastLine < LINE_EVERY_MS) return;
    this.lastLine = Date.now();
    process.stderr.write(`finance generate: ${rows}/${this.total} rows, ${planted} planted parties\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** `sinag finance generate`: the synthetic dataset with ground truth (docs/finance.md, "Synthetic data"). */
export function financeGenerateCommand(finance: Command): void {
  finance
    .command('generate')
    .description(
      'Write synthetic payments in the default CSV layout: ordinary remittances, shopping and payroll, with ' +
        'planted offender, facilitator and extorter patterns named in a labels file',
    )
    .requiredOption(
      '--seed <n>',
      'seed of the generator (same seed and rows, same data)',
      integer(0, 2 ** 31 - 1),
    )
    .requiredOption('--rows <n>', 'how many payments', integer(1, 1_000_000_000))
    .option('--out <file>', 'the CSV file (.gz compresses it); standard output when absent')
    .option('--labels <file>', 'where to write the planted parties (CSV: role,id,kind,pattern)')
    .action(async (options: GenerateOptions) => {
      const data = output(options.out);
      const labelFile = options.labels ? output(options.labels) : undefined;
      const rows = new LineWriter(data.stream);
      const labels = labelFile ? new LineWriter(labelFile.stream) : undefined;
      // Labels come from a callback inside the generator; they are written between rows.
      const pending: PlantedParty[] = [];
      let planted = 0;
      const onLabel = (label: PlantedParty) => {
        planted++;
        if (labels) pending.push(label);
      };
      const progress = new RowsProgress(options.rows);
      let written = 0;
      try {
        await rows.line(TRANSACTION_CSV_HEADER);
        await labels?.line(LABEL_CSV_HEADER);
        for (const tx of generateTransactions({ seed: options.seed, rows: options.rows, onLabel })) {
          await rows.line(transactionCsvRow(tx));
          while (pending.length) await labels!.line(labelCsvRow(pending.shift()!));
          if (++written % 10_000 === 0) progress.update(written, planted);
        }
        progress.update(written, planted);
      } finally {
        progress.stop();
      }
      await rows.flush();
      await labels?.flush();
      await data.done();
      await labelFile?.done();
      const where = options.out ? ` to ${options.out}` : '';
      const named = options.labels ? `, named in ${options.labels}` : '';
      process.stderr.write(`Wrote ${written} payments${where}: ${planted} planted parties${named}.\n`);
    });
}
