import type { CyberTipImportResponse, ImportDocument, ImportResult } from '@sinag/core';
import type { Config, Services } from '@sinag/server';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError, cliActor, withBackend, type ApiCall } from '../backend.ts';
import { countCandidates, walk, type Unit, type WalkSummary } from '../import/discover.ts';
import { ResumeState, targetKey } from '../import/state.ts';
import { fail } from '../output.ts';
import { loadServer } from '../server.ts';

/** Sends one batch; resolves with a result per document, in order. */
type Send = (documents: ImportDocument[], dryRun: boolean) => Promise<ImportResult[]>;

interface Options {
  dryRun?: boolean;
  batchSize: number;
  resume: boolean;
}

/** Content sent in one batch at most (the server's default limit per request is 50 MiB). */
const BATCH_BYTES = 16 * 1024 * 1024;
/** Seconds between progress lines when stderr is not a terminal. */
const PROGRESS_EVERY_MS = 10_000;

/** A commander option parser for a whole number within [min, max]. */
export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function importCommand(program: Command): void {
  const command = program.command('import').description('Bulk import of referrals from files');
  command
    .command('cybertip')
    .description(
      'Import CyberTips from files and folders: CyberTipline report XML (with their fileDetails) and NCMEC JSON exports. ' +
        'Each document is imported once however often this runs; a rerun skips what earlier runs confirmed.',
    )
    .argument('<paths...>', 'files and folders (walked recursively)')
    .option('--dry-run', 'validate and map only; store nothing')
    .option('--batch-size <n>', 'documents per batch', integer(1, 10_000), 500)
    .option('--no-resume', 'read every file again, ignoring what earlier runs confirmed')
    .addHelpText(
      'after',
      `
fileDetails documents belong to a report file in the same folder: the one named after the CyberTip id they
give (123456.xml, report-123456.xml), or else the folder's only report file.

Exit code: 0 when nothing was rejected, 1 when a file was rejected (or on an error), 130 when interrupted.`,
    )
    .action(async (paths: string[], options: Options) => {
      for (const given of paths) if (!existsSync(given)) return fail(`no such file or folder: ${given}`);
      const outcome = await withBackend<Outcome>({
        api: (call, config) => runImport(paths, options, config, sendThroughApi(call)),
        direct: async (services, config) => runImport(paths, options, config, await sendDirectly(services)),
      });
      printSummary(outcome, options);
      process.exitCode = outcome.interrupted ? 130 : outcome.rejected.length ? 1 : 0;
    });
}

function sendThroughApi(call: ApiCall): Send {
  const send: Send = async (documents, dryRun) => {
    try {
      const response = await call<CyberTipImportResponse>('POST', '/api/v1/imports/cybertip', {
        documents,
        dryRun,
      });
      return response.results;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 413) throw error;
      // Larger than the server takes in one request: halve the batch, down to single documents.
      if (documents.length === 1)
        return [
          {
            name: documents[0]!.name,
            status: 'rejected',
            reason: 'larger than the server accepts in one request (SINAG_IMPORT_BODY_LIMIT)',
          },
        ];
      const half = Math.ceil(documents.length / 2);
      return [
        ...(await send(documents.slice(0, half), dryRun)),
        ...(await send(documents.slice(half), dryRun)),
      ];
    }
  };
  return send;
}

/** On the database directly: the referrals go to the intake organisation, audited as this command. */
async function sendDirectly(services: Services): Promise<Send> {
  const { importCyberTips, intakeOrganisationId } = await loadServer();
  const organisationId = await intakeOrganisationId(services);
  const actor = { owner: { organisationId, createdBy: null }, by: cliActor() };
  return async (documents, dryRun) => (await importCyberTips(services, actor, { documents, dryRun })).results;
}

interface Outcome {
  imported: number;
  alreadyPresent: number;
  valid: number;
  rejected: { file: string; reason: string }[];
  /** Files not read because an earlier run confirmed them. */
  resumed: number;
  walk: WalkSummary;
  filesDone: number;
  filesTotal: number;
  interrupted: boolean;
  stateFile?: string;
}

/** A path as the user would recognise it: relative to the working folder when it is inside it. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

async function runImport(paths: string[], options: Options, config: Config, send: Send): Promise<Outcome> {
  const dryRun = Boolean(options.dryRun);
  // A dry run checks everything and records nothing.
  const state = dryRun ? undefined : ResumeState.load(config.dataDir, targetKey(config), !options.resume);
  const summary: WalkSummary = { candidates: 0, skipped: 0, skippedExamples: [] };
  const outcome: Outcome = {
    imported: 0,
    alreadyPresent: 0,
    valid: 0,
    rejected: [],
    resumed: 0,
    walk: summary,
    filesDone: 0,
    filesTotal: countCandidates(paths),
    interrupted: false,
    stateFile: state?.file,
  };

  const progress = new Progress(outcome);
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    progress.stop();
    process.stderr.write('Stopping after the current batch… (Ctrl+C again to quit at once)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  /** A unit on its way: to send, already decided here, or skipped as confirmed by an earlier run. */
  type Pending = {
    unit: Unit & { root: string };
    document?: ImportDocument;
    result?: ImportResult;
    skipped?: boolean;
  };
  let batch: Pending[] = [];
  let documents = 0;
  let bytes = 0;

  const flush = async () => {
    const toSend = batch.filter((p) => p.document);
    if (toSend.length) {
      const results = await send(
        toSend.map((p) => p.document!),
        dryRun,
      );
      toSend.forEach((p, i) => (p.result = results[i]));
    }
    for (const { unit, result, skipped } of batch) {
      if (skipped || !result) continue;
      if (result.status === 'imported') outcome.imported++;
      else if (result.status === 'already-present') outcome.alreadyPresent++;
      else if (result.status === 'valid') outcome.valid++;
      else
        outcome.rejected.push({
          file: display(unit.file),
          reason: explain(result.reason ?? 'rejected', unit),
        });
      outcome.filesDone += unit.files.length;
    }
    // In walk order, so that the resume cursor never passes a unit whose outcome is not known.
    state?.record(batch.map(({ unit, result }) => ({ unit, rejected: result?.status === 'rejected' })));
    state?.save();
    batch = [];
    documents = 0;
    bytes = 0;
    progress.update();
    // The embedded database answers without real I/O, so awaiting it never lets the event loop poll:
    // yield once per batch, or Ctrl+C (a signal, delivered through the loop) would go unnoticed.
    await new Promise((resolve) => setImmediate(resolve));
  };

  try {
    for (const unit of walk(paths, summary)) {
      if (stopping) break;
      if (state?.confirmed(unit)) {
        outcome.resumed += unit.files.length;
        outcome.filesDone += unit.files.length;
        batch.push({ unit, skipped: true });
        if (batch.length >= 10_000) await flush();
        else progress.update();
        continue;
      }
      const pending: Pending = { unit };
      if (unit.rejected) {
        pending.result = { name: unit.file, status: 'rejected', reason: unit.rejected };
      } else {
        try {
          const content = readFileSync(unit.file, 'utf8');
          const fileDetails = unit.fileDetails.map((f) => readFileSync(f, 'utf8'));
          pending.document = {
            name: display(unit.file),
            format: unit.format,
            content,
            ...(fileDetails.length ? { fileDetails } : {}),
            ...(unit.reportId ? { reportId: unit.reportId } : {}),
          };
          bytes += content.length + fileDetails.reduce((n, f) => n + f.length, 0);
        } catch (error) {
          pending.result = {
            name: unit.file,
            status: 'rejected',
            reason: `cannot be read: ${(error as Error).message}`,
          };
        }
      }
      batch.push(pending);
      if (pending.document) documents++;
      if (documents >= options.batchSize || bytes >= BATCH_BYTES) await flush();
    }
    // When stopping, the units gathered but not sent are left for the next run (and not recorded).
    if (batch.length && !stopping) await flush();
    outcome.interrupted = stopping;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
  }
  return outcome;
}

/** The server names a fileDetails document by its index; the user knows it by its file. */
function explain(reason: string, unit: Unit): string {
  return reason.replace(/^fileDetails\[(\d+)\]/, (match, i: string) => {
    const file = unit.fileDetails[Number(i)];
    return file ? `fileDetails ${display(file)}` : match;
  });
}

/** A progress bar on a terminal; a line every few seconds otherwise (logs, CI). */
class Progress {
  private bar: SingleBar | undefined;
  private lastLine = Date.now();

  constructor(private readonly outcome: Outcome) {
    if (process.stderr.isTTY) {
      this.bar = new SingleBar({
        stream: process.stderr,
        format:
          'Importing |{bar}| {percentage}% | {value}/{total} files | {rate} files/s | ETA {eta_formatted} | ' +
          'imported {imported}, present {present}, rejected {rejected}',
        hideCursor: true,
        etaBuffer: 50,
      });
      this.bar.start(outcome.filesTotal, 0, this.payload());
    }
  }

  private payload() {
    const o = this.outcome;
    return {
      imported: o.imported + o.valid,
      present: o.alreadyPresent,
      rejected: o.rejected.length,
      rate: this.rate(),
    };
  }

  private readonly started = Date.now();
  private rate(): string {
    const seconds = (Date.now() - this.started) / 1000;
    return seconds > 0 ? String(Math.round((this.outcome.filesDone - this.outcome.resumed) / seconds)) : '0';
  }

  update(): void {
    const o = this.outcome;
    if (this.bar) {
      this.bar.update(o.filesDone, this.payload());
    } else if (Date.now() - this.lastLine >= PROGRESS_EVERY_MS) {
      this.lastLine = Date.now();
      const percent = o.filesTotal ? Math.floor((100 * o.filesDone) / o.filesTotal) : 100;
      process.stderr.write(
        `import: ${o.filesDone}/${o.filesTotal} files (${percent}%), imported ${o.imported + o.valid}, ` +
          `already present ${o.alreadyPresent}, rejected ${o.rejected.length}, ${this.rate()} files/s\n`,
      );
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function printSummary(o: Outcome, options: Options): void {
  const lines: string[] = [];
  lines.push(
    options.dryRun
      ? `Dry run, nothing stored: ${o.valid} valid (would be imported), already present ${o.alreadyPresent}, rejected ${o.rejected.length}.`
      : `Imported ${o.imported}, already present ${o.alreadyPresent}, rejected ${o.rejected.length}.`,
  );
  if (o.resumed)
    lines.push(
      `Skipped ${o.resumed} file${o.resumed === 1 ? '' : 's'} confirmed by an earlier run (state in ${o.stateFile}; --no-resume reads them again).`,
    );
  if (o.walk.skipped) {
    const more = o.walk.skipped - o.walk.skippedExamples.length;
    lines.push(
      `Skipped ${o.walk.skipped} file${o.walk.skipped === 1 ? '' : 's'} that ${o.walk.skipped === 1 ? 'is' : 'are'} neither .xml nor .json: ` +
        `${o.walk.skippedExamples.map(display).join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
    );
  }
  if (o.rejected.length) {
    lines.push('Rejected:');
    for (const r of o.rejected) lines.push(`  ${r.file}: ${r.reason}`);
  }
  if (o.interrupted)
    lines.push(
      `Interrupted after ${o.filesDone} of ${o.filesTotal} files: run the same command again to continue.`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}
