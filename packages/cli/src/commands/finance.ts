import type { Command } from 'commander';
import { financeGenerateCommand } from './finance-generate.ts';
import { financeImportCommand } from './finance-import.ts';

/** `sinag finance …`: financial intelligence (docs/finance.md). */
export function financeCommand(program: Command): void {
  const finance = program.command('finance').description('Financial intelligence: payment screening');
  financeGenerateCommand(finance);
  financeImportCommand(finance);
}
