import type { Kysely, Transaction } from 'kysely';
import { appendAudit, type AuditActor } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { parseVaultKey, Vault } from '../vault/vault.ts';

/**
 * The identity vault of case victims and placements: AES-256-GCM (see Vault) under the configured key. Each
 * ciphertext is stored with the id of its key, so the key can be rotated: the new key encrypts, the previous
 * ones (SINAG_ENCRYPTION_KEY_PREVIOUS) still decrypt, and `rotateIdentityVault` re-encrypts what is under them.
 */
export interface Sealed {
  keyId: string;
  ciphertext: string;
}

const previousByConfig = new WeakMap<object, Vault[]>();

function previousVaults(services: Services): Vault[] {
  let vaults = previousByConfig.get(services.config);
  if (!vaults) {
    vaults = (services.config.previousEncryptionKeys ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => new Vault(parseVaultKey(k, 'SINAG_ENCRYPTION_KEY_PREVIOUS')));
    previousByConfig.set(services.config, vaults);
  }
  return vaults;
}

export const identityContext = (victimId: string) => `case-victim-identity:${victimId}`;
export const placementContext = (placementId: string) => `aftercare-placement:${placementId}`;

export function seal(services: Services, plaintext: unknown, context: string): Sealed {
  return {
    keyId: services.vault.keyId,
    ciphertext: services.vault.encrypt(JSON.stringify(plaintext), context),
  };
}

/** Decrypts with the key the ciphertext names: the current one or a previous one still configured. */
export function unseal<T>(services: Services, sealed: Sealed, context: string): T {
  const vault = [services.vault, ...previousVaults(services)].find((v) => v.keyId === sealed.keyId);
  // Says which key is missing, never anything about the contents.
  if (!vault) throw new AppError('internal', `The identity vault key ${sealed.keyId} is not configured.`);
  return JSON.parse(vault.decrypt(sealed.ciphertext, context)) as T;
}

interface VaultTable {
  name: 'victim_identities' | 'aftercare_placements';
  id: 'victim_id' | 'id';
  column: 'ciphertext' | 'details_ciphertext';
  context(id: string): string;
}

const VAULT_TABLES: VaultTable[] = [
  { name: 'victim_identities', id: 'victim_id', column: 'ciphertext', context: identityContext },
  { name: 'aftercare_placements', id: 'id', column: 'details_ciphertext', context: placementContext },
];

async function remainingUnderOldKeys(db: Kysely<Database>, keyId: string): Promise<number> {
  let remaining = 0;
  for (const table of VAULT_TABLES) {
    const row = await db
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key_id', '<>', keyId)
      .executeTakeFirstOrThrow();
    remaining += Number(row.n);
  }
  return remaining;
}

async function reEncryptBatch(
  services: Services,
  trx: Transaction<Database>,
  table: VaultTable,
  batchSize: number,
): Promise<number> {
  const rows = (await trx
    .selectFrom(table.name)
    .select([`${table.id} as id`, `${table.column} as ciphertext`, 'key_id'])
    .where('key_id', '<>', services.vault.keyId)
    .limit(batchSize)
    .forUpdate()
    .execute()) as { id: string; ciphertext: string; key_id: string }[];
  for (const row of rows) {
    const context = table.context(row.id);
    const plain = unseal(services, { keyId: row.key_id, ciphertext: row.ciphertext }, context);
    const sealed = seal(services, plain, context);
    await trx
      .updateTable(table.name)
      .set({ key_id: sealed.keyId, [table.column]: sealed.ciphertext })
      .where(table.id, '=', row.id)
      .execute();
  }
  return rows.length;
}

/**
 * Re-encrypts every vault entry that is not under the current key, in batches (each its own transaction with
 * its audit entry, so an interrupted rotation resumes where it stopped). Fails, changing nothing more, on an
 * entry whose key is no longer configured.
 */
export async function rotateIdentityVault(
  services: Services,
  actor: AuditActor,
  batchSize = 200,
): Promise<{ keyId: string; reEncrypted: number; remaining: number }> {
  const keyId = services.vault.keyId;
  previousVaults(services); // a malformed previous key fails here, before any batch
  let reEncrypted = 0;
  for (const table of VAULT_TABLES) {
    for (;;) {
      const done = await services.db.transaction().execute(async (trx) => {
        const n = await reEncryptBatch(services, trx, table, batchSize);
        if (n)
          await appendAudit(trx, actor, [
            {
              action: 'vault.rotate',
              entityType: 'vault',
              entityId: keyId,
              details: { table: table.name, count: n },
            },
          ]);
        return n;
      });
      reEncrypted += done;
      if (done < batchSize) break;
    }
  }
  return { keyId, reEncrypted, remaining: await remainingUnderOldKeys(services.db, keyId) };
}
