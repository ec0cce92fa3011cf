import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The PDQ fixtures shared by every worktree (never copied into the project). */
export const PDQ_FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/pdq');

export function fixtureImage(relative: string): string {
  return path.join(PDQ_FIXTURES, 'images', relative);
}

/** The rows of a reference CSV, header left out. */
export function referenceRows(name: string): string[][] {
  return readFileSync(path.join(PDQ_FIXTURES, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}
