import type { DemoResult } from '@sinag/server';
import { InvalidArgumentError, type Command } from 'commander';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';

/** Rejects what parseInt would turn into NaN or a nonsense count (direct mode has no API validation). */
function integer(min?: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer.');
    if (min !== undefined && n < min) throw new InvalidArgumentError(`expected at least ${min}.`);
    return n;
  };
}

export function demoCommand(program: Command): void {
  const demo = program.command('demo').description('The synthetic demo dataset');
  demo
    .command('load')
    .description(
      'Load synthetic, non-graphic demo referrals into the intake organisation (once unless --force)',
    )
    .option('--count <n>', 'how many referrals', integer(1), 300)
    .option('--seed <n>', 'seed of the generator (same seed, same data)', integer())
    .option('--force', 'load again even if demo data was loaded before')
    .action(async (options: { count: number; seed?: number; force?: boolean }) => {
      const body = {
        count: options.count,
        force: Boolean(options.force),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      };
      const result = await withBackend<DemoResult>({
        api: (call) => call('POST', '/api/v1/demo/load', body),
        direct: async (services) => {
          const { intakeOrganisationId, loadDemo } = await loadServer();
          await intakeOrganisationId(services);
          return loadDemo(services, cliActor(), body);
        },
      });
      const centre = result.cases ? `, ${result.cases} cases, ${result.paymentAlerts} payment alerts` : '';
      process.stdout.write(
        result.loaded
          ? `Loaded ${result.referrals} demo referrals (${result.worked} worked)${centre}.\n`
          : 'Demo data was already loaded (use --force to add more).\n',
      );
    });
}
