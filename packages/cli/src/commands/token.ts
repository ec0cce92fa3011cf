import type { Command } from 'commander';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('Manage personal API tokens');
  token
    .command('create')
    .description('Issue an API token for a user and print it (it is stored hashed and cannot be shown again)')
    .requiredOption('--user <username>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'api')
    .action(async (options: { user: string; name: string }) => {
      const created = await withBackend<{ token: string }>({
        api: (call) =>
          call('POST', `/api/v1/users/${encodeURIComponent(options.user)}/tokens`, { name: options.name }),
        direct: async (services) => {
          const { findUserId, issueToken } = await loadServer();
          const userId = await findUserId(services, options.user);
          if (!userId) throw new Error(`no user named "${options.user}"`);
          return issueToken(services, cliActor(), userId, options.name);
        },
      });
      process.stdout.write(`${created.token}\n`);
    });
}
