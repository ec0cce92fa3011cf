import type { SessionInfo } from '@sinag/core';
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { apiClient, reach } from '../backend.ts';
import { loadCredentials, saveCredentials } from '../credentials.ts';
import { fail, readStdin } from '../output.ts';

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith('Password')) process.stdout.write(s);
  };
  const password = await rl.question('Password: ');
  rl.close();
  process.stdout.write('\n');
  return password;
}

export function loginCommand(program: Command): void {
  program
    .command('login')
    .description('Get a personal API token from a Sinag server and save it for later commands')
    .option('--url <url>', 'server address', process.env.SINAG_URL ?? 'http://127.0.0.1:8080')
    .requiredOption('--username <name>', 'your username')
    .option('--token-name <name>', 'what the token is for', 'sinag cli')
    .action(async (options: { url: string; username: string; tokenName: string }) => {
      const password = await askPassword();
      const response = await reach(new URL('/api/v1/auth/tokens', options.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: options.username, password, name: options.tokenName }),
      });
      const body = (await response.json()) as { token?: string; error?: { message: string } };
      if (!response.ok || !body.token) return fail(body.error?.message ?? `HTTP ${response.status}`);
      const file = saveCredentials({ url: options.url, username: options.username, token: body.token });
      process.stdout.write(`Logged in to ${options.url} as ${options.username}; token saved in ${file}.\n`);
    });

  program
    .command('whoami')
    .description('Show the account behind the token saved by `sinag login`')
    .action(async () => {
      const saved = loadCredentials();
      if (!saved) return fail('not logged in: run `sinag login` first');
      const session = await apiClient(saved.url, saved.token)<SessionInfo>('GET', '/api/v1/auth/session');
      process.stdout.write(
        `${session.user.username} (${session.user.role}) of ${session.user.organisation.name} at ${saved.url}\n`,
      );
    });
}
