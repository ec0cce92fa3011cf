import type { RoutingRule } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The routing rules in order: the first that matches a referral routes it. */
export async function loadRoutingRules(db: Db): Promise<RoutingRule[]> {
  return db
    .selectFrom('routing_rules')
    .select(['country', 'region', 'destination'])
    .orderBy('position')
    .execute();
}

/** Replaces every rule (positions follow the order given). */
export async function replaceRoutingRules(trx: Transaction<Database>, rules: RoutingRule[]): Promise<void> {
  await trx.deleteFrom('routing_rules').execute();
  await trx
    .insertInto('routing_rules')
    .values(rules.map((rule, i) => ({ position: i + 1, ...rule })))
    .execute();
}
