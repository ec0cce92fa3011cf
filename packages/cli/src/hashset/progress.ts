import { SingleBar } from 'cli-progress';

/** Seconds between progress lines when stderr is not a terminal. */
const LINE_EVERY_MS = 10_000;

/** Counts of the import so far, when known (directly on the database; through the API only at the end). */
export interface ImportCounts {
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

/** Progress of a hash list import by bytes of the file read: a bar on a terminal, a line now and then elsewhere. */
export class ImportProgress {
  private bar: SingleBar | undefined;
  private bytes = 0;
  private counts: ImportCounts = { processed: 0, imported: 0, duplicates: 0, rejected: 0 };
  private lastLine = Date.now();

  constructor(private readonly size: number) {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({
      stream: process.stderr,
      format:
        'Importing |{bar}| {percentage}% | {mib}/{totalMib} MiB | ETA {eta_formatted} | ' +
        'records {processed}: new {imported}, present {duplicates}, rejected {rejected}',
      hideCursor: true,
      etaBuffer: 50,
    });
    this.bar.start(size, 0, this.payload());
  }

  private payload() {
    const mib = (n: number) => (n / 1048576).toFixed(1);
    return { mib: mib(this.bytes), totalMib: mib(this.size), ...this.counts };
  }

  read(bytes: number): void {
    this.bytes += bytes;
    this.update();
  }

  stored(counts: ImportCounts): void {
    this.counts = counts;
    this.update();
  }

  private update(): void {
    if (this.bar) return this.bar.update(this.bytes, this.payload());
    if (Date.now() - this.lastLine < LINE_EVERY_MS) return;
    this.lastLine = Date.now();
    const percent = this.size ? Math.floor((100 * this.bytes) / this.size) : 100;
    const c = this.counts;
    process.stderr.write(
      `hashset import: ${percent}% of the file read, ${c.processed} records: new ${c.imported}, ` +
        `present ${c.duplicates}, rejected ${c.rejected}\n`,
    );
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
