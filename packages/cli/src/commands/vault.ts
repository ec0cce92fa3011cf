import type { Command } from 'commander';
import { cliActor, withBackend } from '../backend.ts';
import { loadServer } from '../server.ts';
import { fail } from '../output.ts';

type Rotation = { keyId: string; reEncrypted: number; remaining: number };

export function vaultCommand(program: Command): void {
  const vault = program
    .command('vault')
    .description('What Sinag encrypts: victims’ identities, placements, original documents');
  vault
    .command('rotate')
    .description(
      'Re-encrypt everything under SINAG_ENCRYPTION_KEY, reading what is under older keys with SINAG_ENCRYPTION_KEY_PREVIOUS',
    )
    .action(async () => {
      const result = await withBackend<Rotation>({
        api: (call) => call('POST', '/api/v1/vault/rotate'),
        direct: async (services) => (await loadServer()).rotateVault(services, cliActor()),
      });
      process.stdout.write(`Re-encrypted ${result.reEncrypted} entries under key ${result.keyId}.\n`);
      if (result.remaining) fail(`${result.remaining} entries are still under another key.`);
    });
}
