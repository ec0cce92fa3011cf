import { SingleBar } from 'cli-progress';

/** Seconds between progress lines when stderr is not a terminal. */
const LINE_EVERY_MS = 10_000;

/**
 * Progress of a file import by bytes of the file read, with the import's own counts as text: a bar on a
 * terminal, a line now and then elsewhere.
 */
export class FileProgress<C> {
  private bar: SingleBar | undefined;
  private bytes = 0;
  private lastLine = Date.now();

  constructor(
    private readonly size: number,
    /** Names the import in the lines written when stderr is not a terminal, e.g. "hashset import". */
    private readonly label: string,
    private counts: C,
    private readonly describe: (counts: C) => string,
  ) {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({
      stream: process.stderr,
      format: 'Importing |{bar}| {percentage}% | {mib}/{totalMib} MiB | ETA {eta_formatted} | {counts}',
      hideCursor: true,
      etaBuffer: 50,
    });
    this.bar.start(size, 0, this.payload());
  }

  private payload() {
    const mib = (n: number) => (n / 1048576).toFixed(1);
    return { mib: mib(this.bytes), totalMib: mib(this.size), counts: this.describe(this.counts) };
  }

  read(bytes: number): void {
    this.bytes += bytes;
    this.update();
  }

  stored(counts: C): void {
    this.counts = counts;
    this.update();
  }

  private update(): void {
    if (this.bar) return this.bar.update(this.bytes, this.payload());
    if (Date.now() - this.lastLine < LINE_EVERY_MS) return;
    this.lastLine = Date.now();
    const percent = this.size ? Math.floor((100 * this.bytes) / this.size) : 100;
    process.stderr.write(`${this.label}: ${percent}% of the file read, ${this.describe(this.counts)}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
