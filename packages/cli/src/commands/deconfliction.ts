import type { DeconflictionPublication } from '@sinag/core';
import type { Services } from '@sinag/server';
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';

/** On the database directly, the publication is the intake organisation's, as the local CLI account's is. */
async function directActor(services: Services) {
  const { intakeOrganisationId } = await loadServer();
  return { organisationId: await intakeOrganisationId(services), by: cliActor() };
}

export function deconflictionCommand(program: Command): void {
  const deconfliction = program
    .command('deconfliction')
    .description(
      'Deconfliction with another Sinag installation sharing SINAG_FEDERATION_KEY: keyed hashes, never identifiers',
    );

  deconfliction
    .command('export')
    .description(
      'Write this organisation’s current publication (JSON lines of HMACs) for another installation',
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (options: { output?: string }) => {
      const text = await withBackend<string>({
        api: async (_call, _config, send) => (await send('GET', '/api/v1/deconfliction/export')).text(),
        direct: async (services) =>
          (await loadServer()).exportPublication(services, await directActor(services)),
      });
      if (options.output) writeFileSync(options.output, text);
      else process.stdout.write(text);
    });

  deconfliction
    .command('import')
    .description('Import another installation’s publication file, replacing that organisation’s earlier one')
    .argument('<file>', 'the publication file, as `sinag deconfliction export` wrote it')
    .action(async (file: string) => {
      const text = readFileSync(file, 'utf8');
      const imported = await withBackend<DeconflictionPublication>({
        api: async (_call, _config, send) => {
          const body = Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;
          return (await send('POST', '/api/v1/deconfliction/import', body)).json();
        },
        direct: async (services) =>
          (await loadServer()).importPublication(services, await directActor(services), text),
      });
      process.stdout.write(
        `Imported the publication of ${imported.organisation} (${imported.hashes} hashes, published ${imported.publishedAt}).\n`,
      );
    });
}
