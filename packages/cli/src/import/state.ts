import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareKeys, type Unit } from './discover.ts';

/**
 * What earlier runs of `sinag import cybertip` confirmed, so a rerun after an interruption does not read those
 * files again. Kept small whatever the number of files: per database and folder given on the command line, a
 * cursor (the walk position up to which everything was confirmed), the time the run that set it started,
 * and the files that were rejected (they are tried again).
 *
 * A unit counts as confirmed when it is at or before the cursor, it was not rejected, and its folder has not
 * changed since that run started (a folder's ctime moves when a file is added, removed or renamed in it —
 * also when a copying tool restores the folder's mtime). A file edited in place without any of that is not
 * noticed: `--no-resume` reads everything again. The database's exactly-once rule stays the guarantee; this
 * only saves reading, parsing and sending.
 */

interface RootState {
  cursor: string[];
  startedAt: number;
  retry: string[];
}

interface StateFile {
  version: 1;
  targets: Record<string, Record<string, RootState>>;
}

export const STATE_FILE = 'import-state.json';

export class ResumeState {
  private readonly data: StateFile;
  private readonly previous: Record<string, RootState>;
  /** This run's progress per root: the last confirmed position, and the files rejected and confirmed. */
  private readonly progress = new Map<
    string,
    { cursor: string[]; rejected: Set<string>; passed: Set<string> }
  >();

  private constructor(
    readonly file: string,
    private readonly target: string,
    private readonly startedAt: number,
    data: StateFile,
  ) {
    this.data = data;
    this.previous = structuredClone(data.targets[target] ?? {});
  }

  /** The state of `target` (a database) in `dataDir`; `fresh` ignores what earlier runs recorded. */
  static load(dataDir: string, target: string, fresh = false): ResumeState {
    const file = path.join(dataDir, STATE_FILE);
    let data: StateFile = { version: 1, targets: {} };
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
      if (parsed?.version === 1 && typeof parsed.targets === 'object') data = parsed;
    } catch {
      // No state yet, or unreadable: start afresh.
    }
    const state = new ResumeState(file, target, Date.now(), data);
    if (fresh) for (const root of Object.keys(state.previous)) delete state.previous[root];
    return state;
  }

  /** Whether an earlier run confirmed this unit (files given one by one are always read). */
  confirmed(unit: Unit & { root: string }): boolean {
    const earlier = unit.root ? this.previous[unit.root] : undefined;
    return (
      !!earlier &&
      compareKeys(unit.key, earlier.cursor) <= 0 &&
      unit.folderChangedMs < earlier.startedAt &&
      !earlier.retry.includes(unit.file)
    );
  }

  /** Records units whose outcome is known, in walk order (skipped ones count as passed). */
  record(units: { unit: Unit & { root: string }; rejected: boolean }[]): void {
    for (const { unit, rejected } of units) {
      if (!unit.root) continue;
      let root = this.progress.get(unit.root);
      if (!root) {
        root = { cursor: unit.key, rejected: new Set(), passed: new Set() };
        this.progress.set(unit.root, root);
      }
      root.cursor = unit.key;
      if (rejected) root.rejected.add(unit.file);
      else root.passed.add(unit.file);
    }
  }

  /** Writes the state (atomically, readable only by its owner). */
  save(): void {
    const roots = { ...(this.data.targets[this.target] ?? {}) };
    for (const [root, done] of this.progress) {
      const earlier = this.previous[root];
      const retry = new Set([...(earlier?.retry ?? []), ...done.rejected]);
      for (const file of done.passed) retry.delete(file);
      // Further than before: this run vouches for everything up to its cursor. Not as far (interrupted
      // early): what the earlier run vouched for still holds, up to its own cursor.
      roots[root] =
        !earlier || compareKeys(done.cursor, earlier.cursor) >= 0
          ? { cursor: done.cursor, startedAt: this.startedAt, retry: [...retry] }
          : { ...earlier, retry: [...retry] };
    }
    this.data.targets[this.target] = roots;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}

/** The database an import goes to, as the state file keys it (never with a password). */
export function targetKey(config: { databaseUrl?: string; dataDir: string }): string {
  if (!config.databaseUrl) return `pglite:${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    url.password = '';
    return `postgres:${url.toString()}`;
  } catch {
    return 'postgres:(unparsable URL)';
  }
}
