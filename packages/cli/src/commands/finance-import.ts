import {
  ColumnMapping,
  TRANSACTION_FILE_FORMATS,
  type FinanceImportResult,
  type TransactionFileFormat,
} from '@sinag/core';
import type { FinanceActor, Services } from '@sinag/server';
import { Option, type Command } from 'commander';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { cliActor, withBackend } from '../backend.ts';
import { fail } from '../output.ts';
import { FileProgress } from '../progress.ts';
import { loadServer } from '../server.ts';

/** Bad rows printed after an import; the rest are counted. */
const REJECTIONS_SHOWN = 50;

interface ImportOptions {
  source: string;
  mapping?: string;
  format?: TransactionFileFormat;
}

/** Acting directly on the database: the intake organisation, named in the audit log as the command line. */
async function directActor(services: Services): Promise<FinanceActor> {
  const { intakeOrganisationId } = await loadServer();
  const by = cliActor();
  return { organisationId: await intakeOrganisationId(services), userId: null, displayName: by.name, by };
}

/** The format from the option, else from the file name (.ndjson, .jsonl, also gzipped), else CSV. */
function formatOf(file: string, stated: TransactionFileFormat | undefined): TransactionFileFormat {
  if (stated) return stated;
  return /\.(nd)?jsonl?(\.gz)?$|\.ndjson(\.gz)?$/i.test(file) ? 'ndjson' : 'csv';
}

function readMapping(file: string): ColumnMapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--mapping ${file}: not a JSON file (${(error as Error).message})`);
  }
  const parsed = ColumnMapping.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`--mapping ${file}: ${issue.path.join('.') || 'the mapping'}: ${issue.message}`);
  }
  return parsed.data;
}

/** `sinag finance import FILE`: payments into the database, then screening (docs/finance.md). */
export function financeImportCommand(finance: Command): void {
  finance
    .command('import')
    .description(
      'Import payments (CSV in the default layout or through a column mapping, or JSON lines; gzip accepted) ' +
        'and screen them. Payments the source sent before are not added again.',
    )
    .argument('<file>', 'the file, as is or gzip-compressed')
    .option('--source <name>', 'who the file comes from; transaction ids are unique per source', 'default')
    .option('--mapping <file>', 'a JSON column mapping for another layout (see docs/finance.md)')
    .addOption(
      new Option('--format <format>', 'csv or ndjson (default: from the file name)').choices(
        TRANSACTION_FILE_FORMATS,
      ),
    )
    .addHelpText(
      'after',
      '\nBad rows are skipped and listed with their line. Exit code 0 when the import completed.',
    )
    .action(async (file: string, options: ImportOptions) => {
      if (!existsSync(file)) return fail(`no such file: ${file}`);
      const mapping = options.mapping ? readMapping(options.mapping) : undefined;
      const format = formatOf(file, options.format);
      const progress = new FileProgress(statSync(file).size, 'finance import', 0, (rows) => `rows ${rows}`);
      const read = () => createReadStream(file).on('data', (chunk) => progress.read(chunk.length));
      try {
        const result = await withBackend<FinanceImportResult>({
          api: async (_call, _config, send) => {
            const query = new URLSearchParams({ source: options.source, format });
            if (options.mapping) query.set('mapping', readFileSync(options.mapping, 'utf8'));
            const response = await send(
              'POST',
              `/api/v1/finance/transactions?${query}`,
              Readable.toWeb(read()) as ReadableStream<Uint8Array>,
            );
            return (await response.json()) as FinanceImportResult;
          },
          direct: async (services) => {
            const server = await loadServer();
            return server.importTransactionFile(
              services,
              await directActor(services),
              { source: options.source, format, mapping },
              server.uploadedChunks(read()),
              { onProgress: (rows) => progress.stored(rows) },
            );
          },
        });
        progress.stop();
        printImport(result);
      } finally {
        progress.stop();
      }
    });
}

function printImport(result: FinanceImportResult): void {
  const s = result.screening;
  const lines = [
    `Imported from "${result.source}": ${result.rows} rows read, ${result.imported} new, ` +
      `${result.alreadyPresent} already present, ${result.rejectedCount} rejected.`,
    `Screened ${s.transactionsScreened} payments (configuration version ${s.configVersion}): ` +
      `${s.alertsRaised} alerts raised, ${s.alertsUpdated} updated.`,
  ];
  if (result.rejected.length) {
    lines.push('Rejected:');
    for (const r of result.rejected.slice(0, REJECTIONS_SHOWN)) lines.push(`  line ${r.line}: ${r.reason}`);
    const more = result.rejectedCount - Math.min(result.rejected.length, REJECTIONS_SHOWN);
    if (more > 0) lines.push(`  … and ${more} more`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
