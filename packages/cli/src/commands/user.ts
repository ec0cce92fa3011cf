import { ROLES, type UserCreateInput, type UserView } from '@sinag/core';
import { Option, type Command } from 'commander';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';
import { readStdin } from '../output.ts';

export function userCommand(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('create')
    .description('Create a user in an organisation (the organisation is created if new)')
    .argument('<username>', 'login name: lower-case letters, digits, dot, dash, underscore')
    .requiredOption('--org <name>', 'organisation name, e.g. "PNP Women and Children Protection Center"')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--display-name <name>', 'name shown in the interface')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(
      async (
        username: string,
        options: {
          org: string;
          role: UserCreateInput['role'];
          displayName?: string;
          passwordStdin?: boolean;
        },
      ) => {
        const input: UserCreateInput = {
          username,
          role: options.role,
          organisation: options.org,
          ...(options.displayName ? { displayName: options.displayName } : {}),
          ...(options.passwordStdin ? { password: await readStdin() } : {}),
        };
        const created = await withBackend<{ user: UserView; generatedPassword?: string }>({
          api: (call) => call('POST', '/api/v1/users', input),
          direct: async (services) => (await loadServer()).createUser(services, cliActor(), input),
        });
        process.stdout.write(
          `Created ${created.user.username} (${created.user.role}) in ${created.user.organisation.name}.\n` +
            (created.generatedPassword ? `Password (shown once): ${created.generatedPassword}\n` : ''),
        );
      },
    );
}
