import { partyNameKey, type FinanceTransaction, type KnownParty, type KnownPartyQuery } from '@sinag/core';
import { sql, type Kysely } from 'kysely';
import { arrayLiteral } from '../db/array-literal.ts';
import type { Database } from '../db/schema.ts';

/** Answers kept in one screening run before they are dropped and asked again: memory stays bounded. */
const ANSWERS_KEPT = 200_000;

/** What the organisation's referrals hold about the parties of the payments being screened. */
export interface KnownParties {
  /** Looks up the parties of these payments not looked up yet; before they are screened. */
  prepare(transactions: readonly FinanceTransaction[]): Promise<void>;
  /**
   * F11: how the party is known (by a strong identifier, else weakly by name and country), or undefined.
   * Answers from what `prepare` loaded for the payments being screened.
   */
  describe(party: KnownPartyQuery): KnownParty | undefined;
}

/**
 * Looks parties up a page of payments at a time, by their phones, emails, accounts and names, through the
 * indexes of referral identifiers and reported persons' name keys. Loading everything the organisation's
 * referrals hold at the start of each run instead cost time and memory in proportion to all the referrals
 * ever received, for every import however small (docs/benchmarks.md).
 */
export function knownParties(
  db: Kysely<Database>,
  organisationId: string,
  answersKept = ANSWERS_KEPT,
): KnownParties {
  // "kind:value" or a name key → the reference of the earliest referral holding it; null: none does.
  const strong = new Map<string, string | null>();
  const named = new Map<string, string | null>();

  // Each value is one index look-up (`lateral … limit 1`): joined as a set, the planner hashes every
  // identifier of every referral once the page brings thousands of values (330 ms at 100,000 referrals).
  async function lookUpIdentifiers(kinds: string[], values: string[]): Promise<void> {
    const { rows } = await sql<{ kind: string; value: string; reference: string }>`
      select p.kind, p.value, e.reference
      from unnest(${arrayLiteral(kinds)}::text[], ${arrayLiteral(values)}::text[]) as p(kind, value)
      cross join lateral (
        select r.reference from referral_identifiers i
        join referrals r on r.id = i.referral_id and r.organisation_id = ${organisationId}::uuid
        where i.value = p.value and i.kind = p.kind
        order by r.received_at, r.id limit 1) e`.execute(db);
    for (const row of rows) strong.set(`${row.kind}:${row.value}`, row.reference);
  }

  async function lookUpNames(keys: string[]): Promise<void> {
    const { rows } = await sql<{ name_key: string; reference: string }>`
      select k.name_key, e.reference
      from unnest(${arrayLiteral(keys)}::text[]) as k(name_key)
      cross join lateral (
        select r.reference from referral_person_names n
        join referrals r on r.id = n.referral_id and r.organisation_id = ${organisationId}::uuid
        where n.name_key = k.name_key
        order by r.received_at, r.id limit 1) e`.execute(db);
    for (const row of rows) named.set(row.name_key, row.reference);
  }

  return {
    async prepare(transactions) {
      if (strong.size + named.size > answersKept) {
        strong.clear();
        named.clear();
      }
      const kinds: string[] = [];
      const values: string[] = [];
      const keys: string[] = [];
      const probe = (kind: string, value: string | undefined) => {
        if (!value) return;
        const key = `${kind}:${value}`;
        if (strong.has(key)) return;
        strong.set(key, null);
        kinds.push(kind);
        values.push(value);
      };
      const name = (party: FinanceTransaction['sender'] | FinanceTransaction['receiver']) => {
        const key = partyNameKey(party.name, party.country);
        if (!key || named.has(key)) return;
        named.set(key, null);
        keys.push(key);
      };
      for (const { sender, receiver } of transactions) {
        probe('phone', sender.phone);
        probe('email', sender.email);
        probe('payment-account', sender.id);
        probe('phone', receiver.phone);
        probe('payment-account', receiver.account);
        probe('payment-account', receiver.id);
        name(sender);
        name(receiver);
      }
      if (values.length) await lookUpIdentifiers(kinds, values);
      if (keys.length) await lookUpNames(keys);
    },
    describe(party) {
      const probes: [string, string | undefined][] = [
        ['phone', party.phone],
        ['email', party.email],
        ['payment-account', party.account],
        ['payment-account', party.id],
      ];
      for (const [kind, value] of probes) {
        const reference = value && strong.get(`${kind}:${value}`);
        if (reference)
          return {
            detail: `${kind === 'payment-account' ? 'account' : kind} in referral ${reference}`,
            weak: false,
          };
      }
      const key = partyNameKey(party.name, party.country);
      const reference = key && named.get(key);
      return reference
        ? { detail: `name and country match a person in referral ${reference} (weak)`, weak: true }
        : undefined;
    },
  };
}
