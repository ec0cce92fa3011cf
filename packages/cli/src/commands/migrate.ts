import { loadServer } from '../server.ts';
import type { Command } from 'commander';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (the server also does this when it starts)')
    .action(async () => {
      const { loadConfig, openServices } = await loadServer();
      const services = await openServices(loadConfig());
      await services.close();
      process.stdout.write(`Database schema is up to date (${services.dbKind}).\n`);
    });
}
