import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What a referral's cluster says about it, for triage. */
export interface ClusterFacts {
  /** The other referrals in its cluster (any organisation's). */
  referrals: number;
  /** Open cases holding other referrals of its cluster; a case it is already part of is not a new lead. */
  openCases: number;
  /** Financial screening alerts linked to it (by an identifier or by hand) and not dismissed. */
  financialAlerts: number;
}

/** Cluster facts of each referral (a referral that links to nothing has zeros). */
export async function clusterFacts(
  db: Kysely<Database> | Transaction<Database>,
  referralIds: string[],
): Promise<Map<string, ClusterFacts>> {
  const facts = new Map<string, ClusterFacts>(
    referralIds.map((id) => [id, { referrals: 0, openCases: 0, financialAlerts: 0 }]),
  );
  if (!referralIds.length) return facts;
  const { rows } = await sql<{ referral_id: string; size: number; open_cases: number }>`
    select rc.referral_id, c.size,
      (select count(distinct cr.case_id) from referral_clusters m
        join case_referrals cr on cr.referral_id = m.referral_id
        join cases on cases.id = cr.case_id and cases.status <> 'closed'
        where m.cluster_id = rc.cluster_id
          and not exists (select 1 from case_referrals own
                          where own.case_id = cr.case_id and own.referral_id = rc.referral_id)
      )::int as open_cases
    from referral_clusters rc join clusters c on c.id = rc.cluster_id
    where rc.referral_id = any(${referralIds}::uuid[])`.execute(db);
  for (const r of rows) facts.get(r.referral_id)!.referrals = r.size - 1;
  for (const r of rows) facts.get(r.referral_id)!.openCases = r.open_cases;
  const { rows: alerts } = await sql<{ referral_id: string; alerts: number }>`
    select l.referral_id, count(distinct l.alert_id)::int as alerts
    from finance_alert_links l join finance_alerts a on a.id = l.alert_id and a.status <> 'dismissed'
    where l.strength <> 'weak' and l.referral_id = any(${referralIds}::uuid[])
    group by l.referral_id`.execute(db);
  for (const r of alerts) facts.get(r.referral_id)!.financialAlerts = r.alerts;
  return facts;
}

/**
 * Every referral in the clusters of the given ones (those not in any cluster are left out): whose cluster
 * facts change when one of them joins or leaves an open case.
 */
export async function clusterMembers(
  db: Kysely<Database> | Transaction<Database>,
  referralIds: string[],
): Promise<string[]> {
  if (!referralIds.length) return [];
  const { rows } = await sql<{ referral_id: string }>`
    select m.referral_id from referral_clusters rc
    join referral_clusters m on m.cluster_id = rc.cluster_id
    where rc.referral_id = any(${referralIds}::uuid[])`.execute(db);
  return [...new Set(rows.map((r) => r.referral_id))];
}
