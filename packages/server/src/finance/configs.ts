import {
  DEFAULT_SCREENING_CONFIG,
  ScreeningConfig,
  type ScreeningConfigInput,
  type ScreeningConfigView,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import { audited } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import { fromZodError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';

type Db = Kysely<Database> | Transaction<Database>;

async function latest(db: Db, organisationId: string) {
  return db
    .selectFrom('finance_screening_configs')
    .leftJoin('users', 'users.id', 'finance_screening_configs.created_by')
    .select(['version', 'config', 'finance_screening_configs.created_at', 'users.username'])
    .where('finance_screening_configs.organisation_id', '=', organisationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The configuration screening uses now: the organisation's newest version, else the defaults. */
export async function currentScreeningConfig(db: Db, organisationId: string): Promise<ScreeningConfig> {
  const row = await latest(db, organisationId);
  return row
    ? ScreeningConfig.parse({ ...(row.config as object), version: row.version })
    : DEFAULT_SCREENING_CONFIG;
}

export async function getScreeningConfig(
  services: Services,
  who: FinanceActor,
): Promise<ScreeningConfigView> {
  return audited(services.db, who.by, async (trx) => {
    const row = await latest(trx, who.organisationId);
    const config = row ? { ...(row.config as object), version: row.version } : DEFAULT_SCREENING_CONFIG;
    return {
      result: {
        version: config.version,
        config,
        createdAt: row?.created_at.toISOString() ?? null,
        createdBy: row?.username ?? null,
      },
      events: [
        { action: 'finance.config.read', entityType: 'finance-config', details: { version: config.version } },
      ],
    };
  });
}

/**
 * Stores a new version of the screening configuration (the version given is ignored: each save is the next
 * number). Alerts keep the version that raised them; the next screening uses the new one.
 */
export async function saveScreeningConfig(
  services: Services,
  who: FinanceActor,
  input: Record<string, unknown>,
): Promise<ScreeningConfigView> {
  return audited(services.db, who.by, async (trx) => {
    // The organisation's row is locked so two saves do not take the same number.
    await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', who.organisationId)
      .forUpdate()
      .execute();
    const current = await latest(trx, who.organisationId);
    const version = Math.max(current?.version ?? 0, DEFAULT_SCREENING_CONFIG.version) + 1;
    const parsed = ScreeningConfig.safeParse({ ...input, version } as ScreeningConfigInput);
    if (!parsed.success) throw fromZodError(parsed.error, 'config');
    const created = await trx
      .insertInto('finance_screening_configs')
      .values({
        organisation_id: who.organisationId,
        version,
        config: JSON.stringify(parsed.data),
        created_by: who.userId,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return {
      result: {
        version,
        config: parsed.data,
        createdAt: created.created_at.toISOString(),
        createdBy: who.by.name,
      },
      events: [{ action: 'finance.config.update', entityType: 'finance-config', details: { version } }],
    };
  });
}
