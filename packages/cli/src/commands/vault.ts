import type { Command } from 'commander';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';
import { fail } from '../output.ts';

type Rotation = { keyId: string; reEncrypted: number; remaining: number };

export function vaultCommand(program: Command): void {
  const vault = program.command('vault').description('The identity vault of case victims and placements');
  vault
    .command('rotate')
    .description(
      'Re-encrypt every vault entry under SINAG_ENCRYPTION_KEY, reading old entries with SINAG_ENCRYPTION_KEY_PREVIOUS',
    )
    .action(async () => {
      const result = await withBackend<Rotation>({
        api: (call) => call('POST', '/api/v1/vault/rotate'),
        direct: async (services) => (await loadServer()).rotateIdentityVault(services, cliActor()),
      });
      process.stdout.write(`Re-encrypted ${result.reEncrypted} entries under key ${result.keyId}.\n`);
      if (result.remaining) fail(`${result.remaining} entries are still under another key.`);
    });
}
