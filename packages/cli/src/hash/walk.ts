import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The files under `folder`, depth first, each folder's entries sorted by name (code point order, the same
 * on every machine). Hidden files count: evidence can hide there. Links to folders are not followed, so
 * a loop of links cannot make the walk endless; links to files are hashed as the file.
 */
export function* filesUnder(folder: string): Generator<string> {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (
      entry.isFile() ||
      (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())
    )
      yield full;
  }
}
