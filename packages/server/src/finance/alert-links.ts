import { partyNameKey } from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { queueRescoring } from '../triage/rescore.ts';

/**
 * Links alerts to the organisation's referrals that name the party: the same phone (E.164) or email, or the
 * party's id or account as a payment account. A new link re-queues the referral for scoring, since a linked
 * financial alert raises its priority. A referral whose reported person has the party's name and country is
 * linked as `weak`: shown to the analyst, never scored.
 */
export async function linkAlertsToReferrals(
  trx: Transaction<Database>,
  organisationId: string,
  alertIds: string[],
): Promise<void> {
  if (!alertIds.length) return;
  const { rows } = await sql<{ referral_id: string }>`
    with party as (
      select distinct a.id as alert_id, v.kind, v.value
      from finance_alerts a
      join finance_alert_transactions x on x.alert_id = a.id
      join finance_transactions t on t.organisation_id = a.organisation_id
        and t.transaction_id = x.transaction_id and t.source_id = x.source_id
      cross join lateral (values
        ('phone', case when a.party_role = 'sender' then t.sender_phone else t.receiver_phone end),
        ('email', case when a.party_role = 'sender' then t.sender_email end),
        ('payment-account', a.party_id),
        ('payment-account', case when a.party_role = 'receiver' then t.receiver_account end)
      ) as v(kind, value)
      where a.id = any(${alertIds}::uuid[]) and v.value is not null
    )
    insert into finance_alert_links (alert_id, referral_id, matched_by, strength)
    select distinct on (p.alert_id, i.referral_id) p.alert_id, i.referral_id, p.kind || ': ' || p.value, 'strong'
    from party p
    join referral_identifiers i on i.value = p.value and i.kind = p.kind
    join referrals r on r.id = i.referral_id and r.organisation_id = ${organisationId}::uuid
    order by p.alert_id, i.referral_id
    on conflict do nothing
    returning referral_id`.execute(trx);
  await queueRescoring(trx, [...new Set(rows.map((r) => r.referral_id))]);
  await linkByName(trx, organisationId, alertIds);
}

async function linkByName(
  trx: Transaction<Database>,
  organisationId: string,
  alertIds: string[],
): Promise<void> {
  const parties = await trx
    .selectFrom('finance_alerts')
    .select(['id', 'party_name', 'party_country'])
    .where('id', 'in', alertIds)
    .where('party_name', 'is not', null)
    .execute();
  const named = parties.flatMap((p) => {
    const key = partyNameKey(p.party_name ?? undefined, p.party_country ?? undefined);
    return key
      ? [{ id: p.id, key, matchedBy: `name and country: ${p.party_name} (${p.party_country})` }]
      : [];
  });
  if (!named.length) return;
  await sql`
    insert into finance_alert_links (alert_id, referral_id, matched_by, strength)
    select p.alert_id, n.referral_id, p.matched_by, 'weak'
    from unnest(${named.map((n) => n.id)}::uuid[], ${named.map((n) => n.key)}::text[],
      ${named.map((n) => n.matchedBy)}::text[]) as p(alert_id, name_key, matched_by)
    join referral_person_names n on n.name_key = p.name_key
    join referrals r on r.id = n.referral_id and r.organisation_id = ${organisationId}::uuid
    on conflict do nothing`.execute(trx);
}
