import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { columns, csvLine, csvRow, jsonRow } from '../hash/rows.ts';
import { filesUnder } from '../hash/walk.ts';
import { fail } from '../output.ts';

interface Options {
  json?: boolean;
  dihedral?: boolean;
}

export function hashCommand(program: Command): void {
  program
    .command('hash')
    .description(
      'Print the MD5, SHA-1, SHA-256 and PDQ (perceptual) hashes of files and folders, one row per file, ' +
        'using every core. Nothing is stored or sent anywhere.',
    )
    .argument('<paths...>', 'files and folders (walked recursively, in name order)')
    .option('--json', 'one JSON object per line (with "error" for a file that could not be read or decoded)')
    .option('--dihedral', 'add the PDQ hashes of the 7 rotations and flips (pdq_rot90 … pdq_flipminus1)')
    .addHelpText(
      'after',
      `
Columns: path,md5,sha1,sha256,pdq,quality (CSV with a header unless --json). Images (JPEG, PNG, WebP,
GIF, TIFF, AVIF/HEIF, PGM/PPM) get a PDQ hash and its quality (0-100; under 50 it is unreliable);
other files, videos included, get the exact hashes only. In CSV, a file that could not be read or
decoded is also reported on stderr.

Exit code: 0, or 1 when a path given does not exist.`,
    )
    .action(async (paths: string[], options: Options) => {
      const files: string[] = [];
      for (const given of paths) {
        const stat = statSync(given, { throwIfNoEntry: false });
        if (!stat) fail(`no such file or folder: ${given}`);
        else if (stat.isDirectory()) files.push(...filesUnder(given));
        else files.push(given);
      }
      await printHashes(files, options);
    });
}

async function printHashes(files: string[], { json = false, dihedral = false }: Options): Promise<void> {
  // Loaded here, not at start-up: sharp and the worker threads are for this command only.
  const { HashPool } = await import('@sinag/media');
  const pool = new HashPool({ dihedral });
  const bar = process.stderr.isTTY
    ? new SingleBar({
        stream: process.stderr,
        format: 'Hashing |{bar}| {value}/{total} files | {rate} files/s | ETA {eta_formatted}',
        hideCursor: true,
      })
    : undefined;
  bar?.start(files.length, 0, { rate: '0' });
  const started = Date.now();
  try {
    if (!json) await write(csvLine(columns(dihedral)));
    let done = 0;
    for await (const [file, hashes] of pool.hashAll(files)) {
      await write(json ? jsonRow(file, hashes, dihedral) : csvRow(file, hashes, dihedral));
      if (hashes.error && !json) process.stderr.write(`sinag: ${file}: ${hashes.error}\n`);
      done++;
      bar?.update(done, { rate: (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0) });
    }
  } finally {
    bar?.stop();
    await pool.close();
  }
}

/** Writes to stdout, waiting when the pipe is full so a slow reader does not fill memory. */
function write(text: string): Promise<void> | undefined {
  if (process.stdout.write(text)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}
