import type { Command } from 'commander';
import { withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';
import { fail } from '../output.ts';

type Check = { ok: boolean; entries: number; brokenAt?: number; reason?: string };

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('The append-only, hash-chained audit log');
  audit
    .command('verify')
    .description('Re-compute the hash chain; exit 0 if intact, 1 naming the first broken entry')
    .action(async () => {
      const result = await withBackend<Check>({
        api: (call) => call('GET', '/api/v1/audit/verify'),
        direct: async (services) => (await loadServer()).verifyAuditLog(services.db),
      });
      if (result.ok) {
        process.stdout.write(`Audit log intact: ${result.entries} entries verified.\n`);
      } else {
        fail(
          `audit log broken at entry ${result.brokenAt}: ${result.reason} (${result.entries} entries read)`,
        );
      }
    });
}
