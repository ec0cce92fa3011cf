import type { UserCreateInput, UserView } from '@sinag/core';
import type { Config } from '@sinag/server';
import type { Command } from 'commander';
import { ApiError, cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';

type Created = { user: UserView; generatedPassword?: string };

/** "Example Platform" → "platform-example-platform" (a valid username: lower-case, ≤ 64 characters). */
export function platformUsername(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `platform-${slug || 'account'}`;
}

function isConflict(error: unknown): boolean {
  return (
    (error instanceof ApiError && error.status === 409) || (error as { code?: string }).code === 'conflict'
  );
}

export function platformCommand(program: Command): void {
  const platform = program
    .command('platform')
    .description('Platforms that report through the CyberTipline-compatible API (/ispws)');
  platform
    .command('add')
    .description(
      'Create a platform (organisation) and its reporting account, and print the credentials once. ' +
        'The account has the platform-reporter role only: it can report, and see nothing.',
    )
    .requiredOption('--name <name>', 'the platform, as its reports will name it, e.g. "Example Platform"')
    .option('--base-url <url>', 'the address platforms reach this server at, for the printed instructions')
    .action(async (options: { name: string; baseUrl?: string }) => {
      const base = platformUsername(options.name);
      const input = (username: string): UserCreateInput => ({
        username,
        role: 'platform-reporter',
        organisation: options.name,
        organisationKind: 'platform',
        displayName: options.name,
      });
      let serverUrl = '';
      const created = await withBackend<Created>({
        api: async (call, config) => {
          serverUrl = (await loadServer()).readServerLock(config.dataDir)?.url ?? localUrl(config);
          return addWithFreeName(base, (username) => call<Created>('POST', '/api/v1/users', input(username)));
        },
        direct: async (services, config) => {
          serverUrl = localUrl(config);
          const { createUser } = await loadServer();
          return addWithFreeName(base, (username) => createUser(services, cliActor(), input(username)));
        },
      });
      const url = `${(options.baseUrl ?? serverUrl).replace(/\/+$/, '')}/ispws`;
      const { username } = created.user;
      process.stdout.write(
        `Created platform "${created.user.organisation.name}" and its reporting account.\n\n` +
          `  Base URL:  ${url}\n` +
          `  Username:  ${username}\n` +
          `  Password:  ${created.generatedPassword}   (shown once: Sinag keeps only its hash)\n\n` +
          `A platform that reports to NCMEC's CyberTipline API changes its base URL (e.g.\n` +
          `https://report.cybertip.org/ispws) to the one above and uses these credentials (HTTP Basic).\n` +
          `Check them with:  curl -u '${username}:<password>' ${url}/status\n`,
      );
    });
}

function localUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  // PORT=0 picks a free port at start: there is no fixed address to print.
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port || '<port>'}`;
}

/** Adds the account under `base`, or `base-2`, `base-3`… if the platform already has accounts. */
async function addWithFreeName(base: string, add: (username: string) => Promise<Created>): Promise<Created> {
  for (let n = 1; n <= 20; n++) {
    try {
      return await add(n === 1 ? base : `${base}-${n}`);
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(`the usernames ${base} to ${base}-20 are all taken`);
}
