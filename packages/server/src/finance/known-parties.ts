import { partyNameKey, type KnownParty, type KnownPartyQuery } from '@sinag/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Identifier kinds a payment party can share with a referral: its phone, email, or account / wallet id. */
export const PARTY_IDENTIFIER_KINDS = ['phone', 'email', 'payment-account'] as const;

/** What the organisation's referrals already hold about payment parties, loaded once per screening run. */
export interface KnownParties {
  /** F11: how the party is known (by a strong identifier, else weakly by name and country), or undefined. */
  describe(party: KnownPartyQuery): KnownParty | undefined;
  /** The referrals whose reported person has this name in this country (a weak signal). */
  byName(name: string | null, country: string | null): { referralId: string; reference: string }[];
}

export async function knownParties(db: Kysely<Database>, organisationId: string): Promise<KnownParties> {
  const { rows } = await sql<{ kind: string; value: string; reference: string }>`
    select distinct on (i.kind, i.value) i.kind, i.value, r.reference
    from referral_identifiers i join referrals r on r.id = i.referral_id
    where r.organisation_id = ${organisationId}::uuid and i.kind in (${sql.join([...PARTY_IDENTIFIER_KINDS])})
    order by i.kind, i.value, r.received_at`.execute(db);
  const known = new Map(rows.map((row) => [`${row.kind}:${row.value}`, row.reference]));
  // Reported persons' names, with their own country or else the referral's.
  const { rows: people } = await sql<{ id: string; reference: string; name: string; country: string | null }>`
    select r.id, r.reference, p->>'name' as name,
      coalesce(p->'location'->>'country', r.data->'location'->>'country') as country
    from referrals r cross join lateral jsonb_array_elements(coalesce(r.data->'reportedPersons', '[]'::jsonb)) p
    where r.organisation_id = ${organisationId}::uuid and p->>'name' is not null`.execute(db);
  const names = new Map<string, { referralId: string; reference: string }[]>();
  for (const person of people) {
    const key = partyNameKey(person.name, person.country ?? undefined);
    if (!key) continue;
    const list = names.get(key) ?? [];
    if (!list.some((r) => r.referralId === person.id))
      list.push({ referralId: person.id, reference: person.reference });
    names.set(key, list);
  }
  const byName = (name: string | null | undefined, country: string | null | undefined) => {
    const key = partyNameKey(name ?? undefined, country ?? undefined);
    return (key && names.get(key)) || [];
  };
  return {
    describe(party) {
      const probes: [string, string | undefined][] = [
        ['phone', party.phone],
        ['email', party.email],
        ['payment-account', party.account],
        ['payment-account', party.id],
      ];
      for (const [kind, value] of probes) {
        const reference = value && known.get(`${kind}:${value}`);
        if (reference)
          return {
            detail: `${kind === 'payment-account' ? 'account' : kind} in referral ${reference}`,
            weak: false,
          };
      }
      const named = byName(party.name, party.country)[0];
      return named
        ? { detail: `name and country match a person in referral ${named.reference} (weak)`, weak: true }
        : undefined;
    },
    byName,
  };
}
