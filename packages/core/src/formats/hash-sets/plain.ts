import { BatchBuilder, textLines, type ParsedBatch, type Chunks } from './batches.ts';
import { emptyEntry, hexProblem, MAX_TEXT, type HashKind } from './entry.ts';

const NAMES: Record<HashKind, string> = {
  md5: 'an MD5 list',
  sha1: 'a SHA-1 list',
  sha256: 'a SHA-256 list',
  pdq: 'a PDQ list',
};

/**
 * A plain list: one hash per line, optionally followed by `,label`. Blank lines and `#` comments are
 * skipped; records are numbered by line.
 */
export async function* readPlainList(
  kind: HashKind,
  chunks: Chunks,
  batchSize: number,
): AsyncGenerator<ParsedBatch> {
  const batch = new BatchBuilder(batchSize, NAMES[kind]);
  let line = 0;
  for await (const lines of textLines(chunks)) {
    for (const raw of lines) {
      line++;
      const comma = raw.indexOf(',');
      const hash = (comma < 0 ? raw : raw.slice(0, comma)).trim();
      if (!hash || hash.startsWith('#')) continue;
      const problem = hexProblem(kind, hash);
      if (problem) {
        batch.reject(line, line, problem);
      } else {
        const entry = emptyEntry();
        entry[kind] = hash.toLowerCase();
        if (comma >= 0)
          entry.label =
            raw
              .slice(comma + 1)
              .trim()
              .slice(0, MAX_TEXT) || null;
        batch.add(entry);
      }
      if (batch.full) yield batch.take();
    }
  }
  yield batch.finish();
}
