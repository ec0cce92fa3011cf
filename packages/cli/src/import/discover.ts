import type { ImportFormat } from '@sinag/core';
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finding CyberTip files in folders.
 *
 * A walk visits each folder's files (sorted by name) before its subfolders (sorted by name); hidden entries
 * (".name") are left out. `.json` files are CyberTip JSON exports; `.xml` files are CyberTipline `report` or
 * `fileDetails` documents, told apart by their root element. Everything else is skipped with a note.
 *
 * A `fileDetails` document belongs to a report in the same folder:
 * 1. the report whose file is named after the CyberTip id the fileDetails give (`<reportId>`): `123456.xml`,
 *    `report-123456.xml`, `cybertip_123456.xml`, `CT-123456.xml` (a `report` document does not contain its
 *    own id; NCMEC assigns it);
 * 2. otherwise, when the folder holds exactly one report not named after an id, that report — as long as the
 *    remaining fileDetails all name one CyberTip, which then becomes the report's id;
 * 3. otherwise nothing can tell, and the fileDetails are rejected with the reason (rename the report file).
 */

/** One thing to import: a report with its fileDetails, a JSON export, or a file rejected here. */
export interface Unit {
  /** The report or JSON file (or the stray fileDetails file) the unit is named by. */
  file: string;
  /** Every file of the unit: the report first, then its fileDetails. */
  files: string[];
  format: ImportFormat;
  fileDetails: string[];
  /** The CyberTip id from the report's file name. */
  reportId?: string;
  /** Why the unit is refused before it is sent (e.g. fileDetails without their report). */
  rejected?: string;
  /** Position in the walk: compared by `compareKeys`, used to resume. */
  key: string[];
  /** The folder, and when its entries last changed (ctime: copying tools cannot set it back). */
  folder: string;
  folderChangedMs: number;
}

/** Order of two positions in the walk: files of a folder ("0:name") before its subfolders ("1:name"). */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

const REPORT_ID_IN_NAME = /^(?:(?:report|cybertip|ct)[-_ ]?)?(\d{1,19})$/i;

/** The CyberTip id a report's file name gives, if any. */
export function reportIdFromName(file: string): string | undefined {
  return REPORT_ID_IN_NAME.exec(path.basename(file, path.extname(file)))?.[1];
}

/** What an XML file is, from its first few kilobytes: the root element and, for fileDetails, its report id. */
export function peekXml(file: string): { root?: string; reportId?: string } {
  const head = readHead(file, 8192);
  const root = rootElement(head);
  if (root !== 'fileDetails') return { root };
  let reportId = /<reportId>\s*(\d+)\s*<\/reportId>/.exec(head)?.[1];
  if (!reportId && head.length >= 8192)
    reportId = /<reportId>\s*(\d+)\s*<\/reportId>/.exec(readFileSync(file, 'utf8'))?.[1];
  return { root, reportId };
}

function readHead(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The name of the first element, after the declaration, comments and processing instructions. */
export function rootElement(head: string): string | undefined {
  const body = head
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
  return /<([A-Za-z_][\w.-]*(?::[\w.-]+)?)[\s/>]/.exec(body)?.[1];
}

/** A folder's files, grouped into units by the rules above; `names` are file names in that folder. */
export function groupFolder(
  folder: string,
  names: string[],
  peek: (file: string) => { root?: string; reportId?: string } = peekXml,
): Omit<Unit, 'key' | 'folderChangedMs'>[] {
  const units: Omit<Unit, 'key' | 'folderChangedMs'>[] = [];
  const reports: Omit<Unit, 'key' | 'folderChangedMs'>[] = [];
  const details: { file: string; reportId?: string }[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const extension = path.extname(name).toLowerCase();
    if (extension === '.json') {
      units.push({ file, files: [file], format: 'cybertip-json', fileDetails: [], folder });
    } else if (extension === '.xml') {
      let peeked: { root?: string; reportId?: string };
      try {
        peeked = peek(file);
      } catch (error) {
        units.push({
          file,
          files: [file],
          format: 'cybertipline-xml',
          fileDetails: [],
          folder,
          rejected: `cannot be read: ${(error as Error).message}`,
        });
        continue;
      }
      if (peeked.root === 'fileDetails') {
        details.push({ file, reportId: peeked.reportId });
      } else {
        // Anything else is sent as a report: the server says what is wrong with it.
        const unit = { file, files: [file], format: 'cybertipline-xml' as const, fileDetails: [], folder };
        const reportId = reportIdFromName(file);
        reports.push(reportId ? { ...unit, reportId } : unit);
        units.push(reports.at(-1)!);
      }
    }
  }

  const byId = new Map(reports.filter((r) => r.reportId).map((r) => [r.reportId!, r]));
  const unmatched = details.filter((d) => {
    const report = d.reportId ? byId.get(d.reportId) : undefined;
    if (report) report.fileDetails.push(d.file);
    return !report;
  });
  const unnamed = reports.filter((r) => !r.reportId);
  const ids = new Set(unmatched.map((d) => d.reportId ?? '(unreadable)'));
  if (unmatched.length && unnamed.length === 1 && ids.size === 1) {
    unnamed[0]!.fileDetails.push(...unmatched.map((d) => d.file));
  } else {
    for (const d of unmatched) {
      const which = d.reportId ? `CyberTip ${d.reportId}` : 'an unreadable CyberTip id';
      const reason = !reports.length
        ? `fileDetails of ${which} without a report file in the same folder`
        : unnamed.length === 1
          ? `fileDetails of ${which}, but the folder's one report file cannot be for CyberTips ${[...ids].join(' and ')} at once: name each report file after its CyberTip id (e.g. ${d.reportId ?? '123456'}.xml)`
          : `fileDetails of ${which}, but no report file in the folder is named after it (e.g. ${d.reportId ?? '123456'}.xml)`;
      units.push({
        file: d.file,
        files: [d.file],
        format: 'cybertipline-xml',
        fileDetails: [],
        folder,
        rejected: reason,
      });
    }
  }
  for (const unit of units) unit.files = [unit.file, ...unit.fileDetails];
  return units.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface WalkSummary {
  /** .xml and .json files found. */
  candidates: number;
  /** Other files, skipped, and the first few of them by name. */
  skipped: number;
  skippedExamples: string[];
}

function skip(summary: WalkSummary, files: string[]): void {
  summary.skipped += files.length;
  for (const file of files) if (summary.skippedExamples.length < 10) summary.skippedExamples.push(file);
}

const isCandidate = (name: string) => /\.(xml|json)$/i.test(name);
const visible = (name: string) => !name.startsWith('.');

/** Lists a folder: its candidate files and subfolders, sorted, following symbolic links. */
function listFolder(folder: string): { files: string[]; others: string[]; folders: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  const folders: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!visible(entry.name)) continue;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(path.join(folder, entry.name));
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        isFile = true; // a broken link: reported as a file that cannot be read
      }
    }
    if (isDirectory) folders.push(entry.name);
    else if (isFile && isCandidate(entry.name)) files.push(entry.name);
    else if (isFile) others.push(entry.name);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort(byName), others: others.sort(byName), folders: folders.sort(byName) };
}

/**
 * The units under each path, in walk order. A path that is a file is taken as given (with the other files
 * given from its folder, for fileDetails); a folder is walked recursively. Each folder is visited once.
 */
export function* walk(
  paths: string[],
  summary: WalkSummary = { candidates: 0, skipped: 0, skippedExamples: [] },
): Generator<Unit & { root: string }> {
  const visited = new Set<string>();
  const givenFiles = new Map<string, string[]>();
  const roots: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    if (statSync(absolute).isDirectory()) roots.push(absolute);
    else {
      const folder = path.dirname(absolute);
      givenFiles.set(folder, [...(givenFiles.get(folder) ?? []), path.basename(absolute)]);
    }
  }
  // A file inside a folder that is walked anyway is not read twice.
  const inRoot = (folder: string) =>
    roots.some((root) => {
      const relative = path.relative(root, folder);
      return !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  for (const [folder, names] of givenFiles) {
    if (inRoot(folder)) continue;
    const wanted = [...new Set(names)].sort();
    skip(
      summary,
      wanted.filter((n) => !isCandidate(n)).map((n) => path.join(folder, n)),
    );
    const candidates = wanted.filter(isCandidate);
    summary.candidates += candidates.length;
    const changed = statSync(folder).ctimeMs;
    for (const unit of groupFolder(folder, candidates))
      yield { ...unit, key: ['given', unit.file], folderChangedMs: changed, root: '' };
  }
  for (const root of roots) yield* walkFolder(root, root, [], visited, summary);
}

function* walkFolder(
  root: string,
  folder: string,
  key: string[],
  visited: Set<string>,
  summary: WalkSummary,
): Generator<Unit & { root: string }> {
  const real = realpathSync(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const { files, others, folders } = listFolder(folder);
  summary.candidates += files.length;
  skip(
    summary,
    others.map((name) => path.join(folder, name)),
  );
  const changed = statSync(folder).ctimeMs;
  for (const unit of groupFolder(folder, files)) {
    yield { ...unit, key: [...key, `0:${path.basename(unit.file)}`], folderChangedMs: changed, root };
  }
  for (const name of folders)
    yield* walkFolder(root, path.join(folder, name), [...key, `1:${name}`], visited, summary);
}

/** How many .xml and .json files the paths hold (for the progress bar), without reading any. */
export function countCandidates(paths: string[]): number {
  let count = 0;
  const visited = new Set<string>();
  const visit = (folder: string) => {
    const real = realpathSync(folder);
    if (visited.has(real)) return;
    visited.add(real);
    const { files, folders } = listFolder(folder);
    count += files.length;
    for (const name of folders) visit(path.join(folder, name));
  };
  const given = [...new Set(paths.map((p) => path.resolve(p)))];
  const folders = given.filter((p) => statSync(p).isDirectory());
  for (const folder of folders) visit(folder);
  for (const file of given) {
    if (folders.includes(file) || !isCandidate(file)) continue;
    const within = folders.some((folder) => {
      const relative = path.relative(folder, path.dirname(file));
      return !relative.startsWith('..') && !path.isAbsolute(relative);
    });
    if (!within) count++;
  }
  return count;
}
