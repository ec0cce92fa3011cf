import { loadServer } from '../server.ts';
import type { Command } from 'commander';

export function startCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Start the Sinag server (embedded database unless DATABASE_URL is set); the first start loads demo data',
    )
    .option('--no-demo', 'do not load the demo dataset on a first start')
    .action(async (options: { demo: boolean }) => {
      const { loadConfig, startServer } = await loadServer();
      const config = loadConfig();
      if (!options.demo) config.loadDemo = false;
      const server = await startServer(config);
      const database = config.databaseUrl
        ? `PostgreSQL (${new URL(config.databaseUrl).host})`
        : `embedded PGlite in ${config.dataDir}`;
      const login = server.adminPassword
        ? `admin / ${server.adminPassword}   (shown once: note it, or set SINAG_ADMIN_PASSWORD)`
        : `admin / ${config.adminPassword ? '(SINAG_ADMIN_PASSWORD)' : '(the password printed on the first start)'}`;
      process.stdout.write(
        [
          '',
          `  Sinag ${server.services.version} is running at ${server.url}`,
          `  Log in:     ${login}`,
          `  Database:   ${database}`,
          ...(server.demo.loaded
            ? [
                `  Demo data:  ${server.demo.referrals} synthetic referrals (${server.demo.worked} already worked), ` +
                  `${server.demo.cases} cases, ${server.demo.paymentAlerts} payment alerts`,
              ]
            : []),
          `  API docs:   ${server.url}/api/docs`,
          ...(config.databaseUrl && !config.encryptionKey
            ? [
                `  Warning:    no SINAG_ENCRYPTION_KEY; the identity store's key is ${config.dataDir}/vault.key`,
              ]
            : []),
          '  Press Ctrl+C to stop.',
          '',
          '',
        ].join('\n'),
      );
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
