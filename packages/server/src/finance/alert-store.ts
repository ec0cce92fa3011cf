import type { ScreeningAlert } from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { linkAlertsToReferrals } from './alert-links.ts';
import { isUniqueViolation } from '../db/errors.ts';

/** Alerts written per transaction. */
const CHUNK = 500;
/**
 * Points a dismissed alert's score must rise above the score it was dismissed at to open again: an analyst's
 * decision stands against the same evidence, not against clearly stronger evidence.
 */
export const REOPEN_MARGIN = 10;

interface Stored {
  id: string;
  party_role: string;
  party_id: string;
  typology: string;
  score: number;
  status: string;
  dismissed_score: number | null;
  indicators: { id: string; detail: string }[];
}

const keyOf = (a: { party_role: string; party_id: string; typology: string }) =>
  `${a.party_role}\u0000${a.party_id}\u0000${a.typology}`;
const alertKey = (a: ScreeningAlert) =>
  keyOf({ party_role: a.party.role, party_id: a.party.id, typology: a.typology });

/**
 * Stores what screening raised, one alert per (party role, party id, typology) whose id stays the same as more
 * payments arrive. A stored alert takes the new score and indicators when they are at least as strong (a
 * replay that starts mid-window can see less than was seen before, and must not weaken it), and always gains
 * the new payments. A dismissed alert opens again only when its score rises by REOPEN_MARGIN.
 */
export async function storeAlerts(
  services: Services,
  organisationId: string,
  configVersion: number,
  alerts: ScreeningAlert[],
): Promise<{ raised: string[]; updated: string[] }> {
  const raised: string[] = [];
  const updated: string[] = [];
  for (let i = 0; i < alerts.length; i += CHUNK) {
    const chunk = alerts.slice(i, i + CHUNK);
    const store = () =>
      services.db.transaction().execute((trx) => storeChunk(trx, organisationId, configVersion, chunk));
    // Another screening of the organisation may raise the same new alert meanwhile: the unique key refuses
    // the second insert, and the chunk is stored again, now updating that alert.
    const counts = await store().catch((error: unknown) => {
      if (isUniqueViolation(error)) return store();
      throw error;
    });
    raised.push(...counts.raised);
    updated.push(...counts.updated);
  }
  return { raised, updated };
}

async function storeChunk(
  trx: Transaction<Database>,
  organisationId: string,
  configVersion: number,
  alerts: ScreeningAlert[],
): Promise<{ raised: string[]; updated: string[] }> {
  const { rows: existing } = await sql<Stored>`
    select a.id, a.party_role, a.party_id, a.typology, a.score, a.status, a.dismissed_score, a.indicators
    from unnest(${alerts.map((a) => a.party.role)}::text[], ${alerts.map((a) => a.party.id)}::text[],
      ${alerts.map((a) => a.typology)}::text[]) as k(party_role, party_id, typology)
    join finance_alerts a on a.organisation_id = ${organisationId}::uuid and a.party_role = k.party_role
      and a.party_id = k.party_id and a.typology = k.typology
    for update of a`.execute(trx);
  const stored = new Map(existing.map((row) => [keyOf(row), row]));

  const fresh = alerts.filter((a) => !stored.has(alertKey(a)));
  const ids = new Map<string, string>();
  if (fresh.length) {
    const inserted = await trx
      .insertInto('finance_alerts')
      .values(
        fresh.map((a) => ({
          organisation_id: organisationId,
          party_role: a.party.role,
          party_id: a.party.id,
          typology: a.typology,
          score: Math.round(a.score),
          indicators: JSON.stringify(a.indicators),
          config_version: configVersion,
        })),
      )
      .returning(['id', 'party_role', 'party_id', 'typology'])
      .execute();
    for (const row of inserted) ids.set(keyOf(row), row.id);
  }

  const changes: { id: string; score: number; indicators: string; status: string }[] = [];
  const reopened: string[] = [];
  for (const alert of alerts) {
    const row = stored.get(alertKey(alert));
    if (!row) continue;
    ids.set(alertKey(alert), row.id);
    const score = Math.round(alert.score);
    const stronger =
      score >= row.score &&
      (score > row.score || JSON.stringify(alert.indicators) !== JSON.stringify(row.indicators));
    const reopen = row.status === 'dismissed' && score >= (row.dismissed_score ?? row.score) + REOPEN_MARGIN;
    if (!stronger && !reopen) continue;
    if (reopen) reopened.push(row.id);
    changes.push({
      id: row.id,
      score: stronger ? score : row.score,
      indicators: JSON.stringify(stronger ? alert.indicators : row.indicators),
      status: reopen ? 'open' : row.status,
    });
  }
  if (changes.length)
    await sql`
      update finance_alerts a set score = u.score, indicators = u.indicators::jsonb, status = u.status,
        config_version = ${configVersion}, updated_at = now()
      from unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.score)}::smallint[],
        ${changes.map((c) => c.indicators)}::text[], ${changes.map((c) => c.status)}::text[])
        as u(id, score, indicators, status)
      where a.id = u.id`.execute(trx);
  if (reopened.length)
    await trx
      .insertInto('finance_alert_actions')
      .values(
        reopened.map((id) => ({
          alert_id: id,
          action: 'reopened',
          reason: `the score rose by ${REOPEN_MARGIN} or more since it was dismissed`,
        })),
      )
      .execute();

  const pairs = alerts.flatMap((a) => a.transactionIds.map((t) => [ids.get(alertKey(a))!, t] as const));
  await sql`
    insert into finance_alert_transactions (alert_id, transaction_id, source_id)
    select p.alert_id, t.transaction_id, t.source_id
    from unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::text[]) as p(alert_id, transaction_id)
    join finance_transactions t on t.organisation_id = ${organisationId}::uuid and t.transaction_id = p.transaction_id
    on conflict do nothing`.execute(trx);
  const touched = [...new Set(ids.values())];
  await describeParties(trx, touched);
  await linkAlertsToReferrals(trx, organisationId, touched);
  return { raised: fresh.map((a) => ids.get(alertKey(a))!), updated: changes.map((c) => c.id) };
}

/** The party's name and country and the counterparties' countries, from the alert's payments. */
async function describeParties(trx: Transaction<Database>, alertIds: string[]): Promise<void> {
  if (!alertIds.length) return;
  await sql`
    update finance_alerts a set party_name = s.party_name, party_country = s.party_country,
      counterparty_countries = s.countries
    from (
      select x.alert_id,
        max(case when al.party_role = 'sender' then t.sender_name else t.receiver_name end) as party_name,
        max(case when al.party_role = 'sender' then t.sender_country else t.receiver_country end) as party_country,
        coalesce(array_agg(distinct c.country order by c.country) filter (where c.country is not null), '{}') as countries
      from finance_alert_transactions x
      join finance_alerts al on al.id = x.alert_id
      join finance_transactions t on t.organisation_id = al.organisation_id
        and t.transaction_id = x.transaction_id and t.source_id = x.source_id
      cross join lateral (select case when al.party_role = 'sender' then t.receiver_country else t.sender_country end as country) c
      where x.alert_id = any(${alertIds}::uuid[])
      group by x.alert_id
    ) s
    where a.id = s.alert_id`.execute(trx);
}
