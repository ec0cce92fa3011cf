import {
  HASH_LIST_FORMATS,
  HASH_SET_KINDS,
  type HashListFormat,
  type HashSetCreateInput,
  type HashSetImportJob,
  type HashSetKind,
  type HashSetList,
  type HashSetView,
} from '@sinag/core';
import type { OrganisationActor, Services } from '@sinag/server';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cliActor, withBackend, type ApiCall } from '../backend.ts';
import { fail } from '../output.ts';
import { FileProgress } from '../progress.ts';
import { loadServer } from '../server.ts';

interface ImportOptions {
  name: string;
  format: HashListFormat;
  source?: string;
  scheme?: string;
  kind?: HashSetKind;
  threshold?: number;
}

/** Errors shown in the summary; the job keeps the first 100. */
const ERRORS_SHOWN = 10;

function threshold(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new InvalidArgumentError('expected a whole number from 0 to 64.');
  return n;
}

/** On the database directly, sets belong to the intake organisation, as the local CLI account's do. */
async function directActor(services: Services): Promise<OrganisationActor> {
  const { intakeOrganisationId } = await loadServer();
  return { organisationId: await intakeOrganisationId(services), userId: null, by: cliActor() };
}

const byName = (sets: HashSetView[], name: string) => sets.find((s) => s.name === name.trim());

/** The options only say how to create a set; a set that exists keeps its own, but the kind must agree. */
function checkExisting(set: HashSetView, options: ImportOptions): void {
  if (options.kind && options.kind !== set.kind)
    throw new Error(
      `the hash set "${set.name}" is ${set.kind === 'allow' ? 'an allow-list' : 'known material'}, not --kind ${options.kind}`,
    );
}

function createInput(options: ImportOptions): HashSetCreateInput {
  return {
    name: options.name,
    ...(options.source ? { source: options.source } : {}),
    ...(options.scheme ? { scheme: options.scheme } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.threshold !== undefined ? { pdqThreshold: options.threshold } : {}),
  };
}

async function findOrCreateThroughApi(call: ApiCall, options: ImportOptions) {
  const existing = byName((await call<HashSetList>('GET', '/api/v1/hash-sets')).items, options.name);
  if (existing) return { set: existing, created: false };
  return { set: await call<HashSetView>('POST', '/api/v1/hash-sets', createInput(options)), created: true };
}

export function hashsetCommand(program: Command): void {
  const hashset = program
    .command('hashset')
    .description('Hash sets: known material and allow-lists (hashes and metadata only)');

  hashset
    .command('import')
    .description(
      'Import a hash list into the set of this name, creating the set if it is new. ' +
        'Entries already in the set are not added again, so running it again completes an import that stopped.',
    )
    .argument('<file>', 'the list, as is or gzip-compressed')
    .requiredOption('--name <name>', 'the hash set')
    .addOption(
      new Option('--format <format>', 'the file’s format').choices(HASH_LIST_FORMATS).makeOptionMandatory(),
    )
    .option('--source <source>', 'for a new set: project-vic, icse, ncmec, own, or free text')
    .option('--scheme <id>', 'for a new set: its category scheme (e.g. project-vic-us, uk-caid)')
    .addOption(
      new Option('--kind <kind>', 'for a new set: known material or allow-list').choices(HASH_SET_KINDS),
    )
    .option('--threshold <n>', 'for a new set: its PDQ match threshold (0–64, default 31)', threshold)
    .addHelpText(
      'after',
      '\nRecords that cannot be read are skipped and listed. Exit code: 0 when the import completed, 1 otherwise.',
    )
    .action(async (file: string, options: ImportOptions) => {
      if (!existsSync(file)) return fail(`no such file: ${file}`);
      const progress = new FileProgress(
        statSync(file).size,
        'hashset import',
        { processed: 0, imported: 0, duplicates: 0, rejected: 0 },
        (c) => `records ${c.processed}: new ${c.imported}, present ${c.duplicates}, rejected ${c.rejected}`,
      );
      const read = () => createReadStream(file).on('data', (chunk) => progress.read(chunk.length));
      try {
        const outcome = await withBackend<{ set: HashSetView; created: boolean; job: HashSetImportJob }>({
          api: async (call, _config, send) => {
            const { set, created } = await findOrCreateThroughApi(call, options);
            if (!created) checkExisting(set, options);
            const url = `/api/v1/hash-sets/${set.id}/import?format=${options.format}`;
            const response = await send('POST', url, Readable.toWeb(read()) as ReadableStream<Uint8Array>);
            return { set, created, job: (await response.json()) as HashSetImportJob };
          },
          direct: async (services) => {
            const server = await loadServer();
            const who = await directActor(services);
            const existing = await server.findHashSetByName(services, who, options.name);
            if (existing) checkExisting(existing, options);
            const set = existing ?? (await server.createHashSet(services, who, createInput(options)));
            const chunks = server.uploadedChunks(read());
            const job = await server.importHashList(services, who, set.id, options.format, chunks, {
              onProgress: (job) => progress.stored(job),
            });
            return { set, created: !existing, job };
          },
        });
        progress.stop();
        printImport(outcome.set, outcome.created, outcome.job);
      } finally {
        progress.stop();
      }
    });

  hashset
    .command('list')
    .description('The hash sets (of the intake organisation), with their size')
    .action(async () => {
      const { items } = await withBackend<HashSetList>({
        api: (call) => call('GET', '/api/v1/hash-sets'),
        direct: async (services) => (await loadServer()).listHashSets(services, await directActor(services)),
      });
      if (!items.length) {
        process.stdout.write(
          'No hash sets yet: sinag hashset import --name … --format … FILE creates one.\n',
        );
        return;
      }
      const rows = [
        ['NAME', 'KIND', 'SOURCE', 'SCHEME', 'ENTRIES', 'PDQ', 'ENABLED'],
        ...items.map((s) => [
          s.name,
          s.kind === 'allow' ? 'allow-list' : 'known',
          s.source,
          s.scheme.id,
          String(s.entryCount),
          String(s.pdqThreshold),
          s.enabled ? 'yes' : 'no',
        ]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const row of rows)
        process.stdout.write(
          `${row
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        );
    });

  hashset
    .command('export')
    .description('Write a hash set as a Project VIC VICS 2.0 JSON file')
    .argument('<file>', 'where to write it')
    .requiredOption('--name <name>', 'the hash set')
    .action(async (file: string, options: { name: string }) => {
      const missing = () => new Error(`no hash set named "${options.name}" (sinag hashset list shows them)`);
      const set = await withBackend<HashSetView>({
        api: async (call, _config, send) => {
          const found = byName((await call<HashSetList>('GET', '/api/v1/hash-sets')).items, options.name);
          if (!found) throw missing();
          const response = await send('GET', `/api/v1/hash-sets/${found.id}/export`);
          await pipeline(Readable.fromWeb(response.body! as never), createWriteStream(file));
          return found;
        },
        direct: async (services) => {
          const server = await loadServer();
          const who = await directActor(services);
          const found = await server.findHashSetByName(services, who, options.name);
          if (!found) throw missing();
          const { document } = await server.exportHashSet(services, who, found.id);
          await pipeline(Readable.from(document), createWriteStream(file));
          return found;
        },
      });
      process.stdout.write(
        `Exported ${set.entryCount} entries of "${set.name}" to ${file} (VICS 2.0 JSON).\n`,
      );
    });
}

function printImport(set: HashSetView, created: boolean, job: HashSetImportJob): void {
  const lines = [
    `${created ? 'Created' : 'Imported into'} hash set "${set.name}": ${job.processed} records read, ` +
      `${job.imported} new, ${job.duplicates} already present, ${job.rejected} rejected` +
      `${job.dialect ? ` (VICS ${job.dialect})` : ''}.`,
  ];
  if (job.errors.length) {
    lines.push('Rejected:');
    for (const e of job.errors.slice(0, ERRORS_SHOWN)) lines.push(`  line ${e.line}: ${e.reason}`);
    const more = job.rejected - Math.min(job.errors.length, ERRORS_SHOWN);
    if (more > 0) lines.push(`  … and ${more} more`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
