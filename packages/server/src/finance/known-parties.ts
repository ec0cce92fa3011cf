import type { KnownPartyQuery } from '@sinag/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Identifier kinds a payment party can share with a referral: its phone, email, or account / wallet id. */
export const PARTY_IDENTIFIER_KINDS = ['phone', 'email', 'payment-account'] as const;

/**
 * F11: what the organisation's referrals (and so its cases) already hold about a party. Loaded once per
 * screening run as a map from normalised identifier to the first referral that names it.
 */
export async function knownParties(
  db: Kysely<Database>,
  organisationId: string,
): Promise<(party: KnownPartyQuery) => string | undefined> {
  const { rows } = await sql<{ kind: string; value: string; reference: string }>`
    select distinct on (i.kind, i.value) i.kind, i.value, r.reference
    from referral_identifiers i join referrals r on r.id = i.referral_id
    where r.organisation_id = ${organisationId}::uuid and i.kind in (${sql.join([...PARTY_IDENTIFIER_KINDS])})
    order by i.kind, i.value, r.received_at`.execute(db);
  const known = new Map(rows.map((row) => [`${row.kind}:${row.value}`, row.reference]));
  if (!known.size) return () => undefined;
  return (party) => {
    const probes: [string, string | undefined][] = [
      ['phone', party.phone],
      ['email', party.email],
      ['payment-account', party.account],
      ['payment-account', party.id],
    ];
    for (const [kind, value] of probes) {
      const reference = value && known.get(`${kind}:${value}`);
      if (reference) return `${kind === 'payment-account' ? 'account' : kind} in referral ${reference}`;
    }
    return undefined;
  };
}
