import type {
  FinanceAlert,
  FinanceAlertDetail,
  FinanceAlertListQuery,
  FinanceTransactionView,
} from '@sinag/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { FinanceAlertListQuery as ListQuerySchema } from '@sinag/core';
import { audited } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';
import { partyTransactions, type StoredTransaction } from './transactions.ts';

type Db = Kysely<Database> | Transaction<Database>;
type ListQuery = z.output<typeof ListQuerySchema>;

/** Payments of the party shown with an alert (chart and network). */
const PARTY_TRANSACTIONS = 2000;

interface AlertRow {
  id: string;
  party_role: 'sender' | 'receiver';
  party_id: string;
  typology: 'livestream' | 'sextortion';
  party_name: string | null;
  party_country: string | null;
  counterparty_countries: string[];
  score: number;
  status: FinanceAlert['status'];
  indicators: FinanceAlert['indicators'];
  config_version: number;
  dismissed_score: number | null;
  created_at: Date;
  updated_at: Date;
  transaction_ids: string[] | null;
}

const ALERT_COLUMNS = sql`a.id, a.party_role, a.party_id, a.typology, a.party_name, a.party_country,
  a.counterparty_countries, a.score, a.status, a.indicators, a.config_version, a.dismissed_score, a.created_at,
  a.updated_at,
  array(select x.transaction_id from finance_alert_transactions x where x.alert_id = a.id
    order by x.transaction_id) as transaction_ids`;

async function linksOf(db: Db, alertIds: string[]): Promise<Map<string, FinanceAlert['links']>> {
  const links = new Map<string, FinanceAlert['links']>();
  if (!alertIds.length) return links;
  const { rows } = await sql<{
    alert_id: string;
    kind: 'referral' | 'case';
    id: string;
    reference: string;
    matched_by: string;
    strength: 'strong' | 'weak' | 'manual';
  }>`
    select l.alert_id, case when l.referral_id is null then 'case' else 'referral' end as kind,
      coalesce(l.referral_id, l.case_id) as id, coalesce(r.reference, c.reference) as reference,
      l.matched_by, l.strength
    from finance_alert_links l
    left join referrals r on r.id = l.referral_id
    left join cases c on c.id = l.case_id
    where l.alert_id = any(${alertIds}::uuid[])
    order by l.created_at`.execute(db);
  for (const row of rows) {
    const list = links.get(row.alert_id) ?? [];
    list.push({
      kind: row.kind,
      id: row.id,
      reference: row.reference,
      matchedBy: row.matched_by,
      strength: row.strength,
    });
    links.set(row.alert_id, list);
  }
  return links;
}

function toAlert(row: AlertRow, links: FinanceAlert['links']): FinanceAlert {
  return {
    id: row.id,
    party: { role: row.party_role, id: row.party_id },
    score: row.score,
    indicators: row.indicators,
    transactionIds: row.transaction_ids ?? [],
    status: row.status,
    typology: row.typology,
    partyName: row.party_name,
    partyCountry: row.party_country,
    counterpartyCountries: row.counterparty_countries,
    configVersion: row.config_version,
    links,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The organisation's alerts, highest score first, filtered by score, party, country, status and typology. */
export async function listAlerts(
  services: Services,
  who: FinanceActor,
  query: ListQuery,
): Promise<{ items: FinanceAlert[]; total: number; page: number; pageSize: number }> {
  return audited(services.db, who.by, async (trx) => {
    const where = [sql`a.organisation_id = ${who.organisationId}::uuid`];
    if (query.minScore !== undefined) where.push(sql`a.score >= ${query.minScore}`);
    if (query.party) where.push(sql`a.party_id = ${query.party}`);
    if (query.country)
      where.push(
        sql`(a.party_country = ${query.country} or ${query.country} = any(a.counterparty_countries))`,
      );
    if (query.status) where.push(sql`a.status = ${query.status}`);
    if (query.typology) where.push(sql`a.typology = ${query.typology}`);
    if (query.referral)
      where.push(
        sql`exists (select 1 from finance_alert_links l where l.alert_id = a.id and l.referral_id = ${query.referral}::uuid)`,
      );
    const condition = sql.join(where, sql` and `);
    const { rows } = await sql<AlertRow>`
      select ${ALERT_COLUMNS} from finance_alerts a where ${condition}
      order by a.score desc, a.updated_at desc, a.id
      limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`.execute(trx);
    const { rows: count } = await sql<{ total: string | number }>`
      select count(*) as total from finance_alerts a where ${condition}`.execute(trx);
    const links = await linksOf(
      trx,
      rows.map((r) => r.id),
    );
    const { page, pageSize, ...filters } = query;
    return {
      result: {
        items: rows.map((row) => toAlert(row, links.get(row.id) ?? [])),
        total: Number(count[0]!.total),
        page,
        pageSize,
      },
      // The party filter is an identifier from the data: recorded as present, never its value.
      events: [
        {
          action: 'finance.alert.list',
          entityType: 'finance-alert',
          details: { ...filters, party: filters.party ? '(party)' : undefined, page, results: rows.length },
        },
      ],
    };
  });
}

/** An alert of the caller's organisation, or 404. */
export async function findAlert(db: Db, who: FinanceActor, id: string, lock = false): Promise<AlertRow> {
  const { rows } = await sql<AlertRow>`
    select ${ALERT_COLUMNS} from finance_alerts a
    where a.id = ${id}::uuid and a.organisation_id = ${who.organisationId}::uuid
    ${lock ? sql`for update` : sql``}`.execute(db);
  if (!rows[0]) throw new AppError('not_found', 'No such alert.');
  return rows[0];
}

export function transactionView(
  t: StoredTransaction,
  sourceName: string,
  inAlert: boolean,
): FinanceTransactionView {
  return {
    source: sourceName,
    transactionId: t.transactionId,
    at: new Date(t.at).toISOString(),
    utcOffsetMinutes: t.utcOffsetMinutes,
    amount: t.amount,
    currency: t.currency,
    channel: t.channel,
    reference: t.reference ?? null,
    senderId: t.sender.id,
    senderName: t.sender.name ?? null,
    senderCountry: t.sender.country ?? null,
    receiverId: t.receiver.id,
    receiverName: t.receiver.name ?? null,
    receiverCountry: t.receiver.country ?? null,
    inAlert,
  };
}

export async function sourceNames(db: Db, organisationId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('finance_sources')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Everything the alert page shows: the alert, the party's payments, and what was done with it. */
export async function alertDetail(db: Db, who: FinanceActor, id: string): Promise<FinanceAlertDetail> {
  const row = await findAlert(db, who, id);
  const links = await linksOf(db, [id]);
  const { transactions, total } = await partyTransactions(
    db,
    who.organisationId,
    { role: row.party_role, id: row.party_id },
    PARTY_TRANSACTIONS,
  );
  const names = await sourceNames(db, who.organisationId);
  const inAlert = new Set(row.transaction_ids ?? []);
  const actions = await db
    .selectFrom('finance_alert_actions')
    .select(['action', 'reason', 'actor_name', 'at'])
    .where('alert_id', '=', id)
    .orderBy('at')
    .execute();
  return {
    ...toAlert(row, links.get(id) ?? []),
    transactions: transactions.map((t) =>
      transactionView(t, names.get(t.sourceId) ?? '', inAlert.has(t.transactionId)),
    ),
    transactionsTotal: total,
    actions: actions.map((a) => ({
      action: a.action,
      reason: a.reason,
      by: a.actor_name,
      at: a.at.toISOString(),
    })),
    dismissedScore: row.dismissed_score,
  };
}

export async function getAlert(
  services: Services,
  who: FinanceActor,
  id: string,
): Promise<FinanceAlertDetail> {
  return audited(services.db, who.by, async (trx) => ({
    result: await alertDetail(trx, who, id),
    events: [{ action: 'finance.alert.read', entityType: 'finance-alert', entityId: id }],
  }));
}

export type { FinanceAlertListQuery };
