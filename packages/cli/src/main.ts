import { Command } from 'commander';
import { ApiError } from './backend.ts';
import { auditCommand } from './commands/audit.ts';
import { deconflictionCommand } from './commands/deconfliction.ts';
import { demoCommand } from './commands/demo.ts';
import { hashCommand } from './commands/hash.ts';
import { hashsetCommand } from './commands/hashset.ts';
import { importCommand } from './commands/import.ts';
import { loginCommand } from './commands/login.ts';
import { migrateCommand } from './commands/migrate.ts';
import { platformCommand } from './commands/platform.ts';
import { startCommand } from './commands/start.ts';
import { tokenCommand } from './commands/token.ts';
import { userCommand } from './commands/user.ts';
import { vaultCommand } from './commands/vault.ts';
import { fail } from './output.ts';

const program = new Command('sinag')
  .description(
    'Sinag: referral intake, triage and case management against online sexual exploitation of children.\n' +
      'Configuration comes from the environment (see README): DATABASE_URL, SINAG_DATA_DIR, PORT, HOST…',
  )
  .showHelpAfterError();

for (const register of [
  startCommand,
  migrateCommand,
  userCommand,
  tokenCommand,
  platformCommand,
  demoCommand,
  importCommand,
  hashCommand,
  hashsetCommand,
  auditCommand,
  deconflictionCommand,
  loginCommand,
  vaultCommand,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Configuration and API errors, and any other error with a message, print one line; commander's own
  // exits (help, version) pass through.
  if (
    error instanceof ApiError ||
    (error instanceof Error && !String((error as { code?: unknown }).code).startsWith('commander.'))
  )
    fail(error.message);
  else throw error;
}
