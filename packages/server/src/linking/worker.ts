import { linkedIpPairs, linkKey, type IdentifierKind, type LinkingRules } from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { auditInserts } from '../audit/log.ts';
import { startLoop, type LoopPacing } from '../background.ts';
import type { Database } from '../db/schema.ts';
import { executeTogether } from '../db/together.ts';
import { markPublicationsOfReferralsStale } from '../deconfliction/service.ts';
import type { Services } from '../services.ts';
import { SYSTEM_ACTOR } from '../users/service.ts';
import { onClustersChanged } from './announce.ts';
import { mergeComponents, UnionFind } from './union.ts';

/** Referrals linked per transaction (by default). */
const BATCH = 500;

/** Every server's linker takes this lock, so clusters are merged by one transaction at a time. */
const LINKING_LOCK = 0x5_1_4a_6c_69_6e_6bn;

/** Rows in slices of a bounded number of parameters. */
function slices<T>(rows: T[], size = 5000): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < rows.length; i += size) parts.push(rows.slice(i, i + size));
  return parts;
}

/** One linkable identifier of a queued referral. */
interface KeyRow {
  referralId: string;
  key: string;
  keyId: number;
  ip: boolean;
  service: string | null;
  observedAt: Date | null;
}

/** A link found: `referralId` (queued) shares `keyId` with `otherId`, which is in `clusterId` if any. */
interface Link {
  referralId: string;
  otherId: string;
  otherCluster: string | null;
  keyId: number;
}

async function takeQueued(trx: Transaction<Database>, batch: number): Promise<string[]> {
  const { rows } = await sql<{ referral_id: string }>`
    delete from link_queue where referral_id in (
      select referral_id from link_queue order by queued_at limit ${batch} for update skip locked)
    returning referral_id`.execute(trx);
  return rows.map((r) => r.referral_id);
}

/** The link keys of the referrals, with ids (new keys are added). */
async function keysOf(trx: Transaction<Database>, ids: string[], rules: LinkingRules): Promise<KeyRow[]> {
  const identifiers = await trx
    .selectFrom('referral_identifiers as i')
    .innerJoin('referrals as r', 'r.id', 'i.referral_id')
    .select(['i.referral_id', 'i.kind', 'i.value', 'i.service', 'i.observed_at', 'r.reporter_name'])
    .where('i.referral_id', 'in', ids)
    // Both sides by id: the planner then looks the referrals up rather than scanning them.
    .where('r.id', 'in', ids)
    .execute();
  const rows = new Map<string, Omit<KeyRow, 'keyId'>>();
  for (const i of identifiers) {
    const kind = i.kind as IdentifierKind;
    const key = linkKey({ kind, value: i.value, service: i.service }, rules);
    if (!key) continue;
    const ip = kind === 'ip';
    // An IP is seen by the platform that reports it, unless the identifier names another service.
    const service = ip ? (i.service ?? i.reporter_name).trim().toLowerCase() : null;
    const observedAt = ip ? i.observed_at : null;
    rows.set(`${i.referral_id} ${key} ${service} ${observedAt?.getTime()}`, {
      referralId: i.referral_id,
      key,
      ip,
      service,
      observedAt,
    });
  }
  if (!rows.size) return [];
  const keys = [...new Set([...rows.values()].map((r) => r.key))];
  await sql`insert into link_keys (key) select unnest(${keys}::text[]) on conflict (key) do nothing`.execute(
    trx,
  );
  const known = await trx.selectFrom('link_keys').select(['id', 'key']).where('key', 'in', keys).execute();
  const idOf = new Map(known.map((k) => [k.key, Number(k.id)]));
  return [...rows.values()].map((r) => ({ ...r, keyId: idOf.get(r.key)! }));
}

/**
 * Links to referrals linked earlier. All earlier referrals with one strong key are in one cluster already,
 * so one of them stands for all; IP sightings in the window may be in several clusters, so one per cluster.
 */
async function earlierLinks(
  trx: Transaction<Database>,
  rows: KeyRow[],
  rules: LinkingRules,
): Promise<Link[]> {
  const strong = rows.filter((r) => !r.ip);
  const ips = rows.filter((r) => r.ip && r.observedAt && (r.service || rules.ipAcrossServices));
  const strongKeys = [...new Set(strong.map((r) => r.keyId))];
  const found: Link[] = [];
  if (strongKeys.length) {
    const { rows: reps } = await sql<{ key_id: number; referral_id: string; cluster_id: string | null }>`
      select k.key_id, o.referral_id, rc.cluster_id
      from unnest(${strongKeys}::bigint[]) as k(key_id)
      cross join lateral (
        select referral_id from referral_link_keys where key_id = k.key_id limit 1) o
      left join referral_clusters rc on rc.referral_id = o.referral_id`.execute(trx);
    const byKey = new Map(reps.map((r) => [Number(r.key_id), r]));
    for (const r of strong) {
      const rep = byKey.get(r.keyId);
      if (rep)
        found.push({
          referralId: r.referralId,
          otherId: rep.referral_id,
          otherCluster: rep.cluster_id,
          keyId: r.keyId,
        });
    }
  }
  if (ips.length) {
    const { rows: near } = await sql<{
      referral_id: string;
      key_id: number;
      other_id: string;
      cluster_id: string | null;
    }>`
      select distinct on (k.referral_id, k.key_id, coalesce(rc.cluster_id, o.referral_id))
        k.referral_id, k.key_id, o.referral_id as other_id, rc.cluster_id
      from unnest(${ips.map((r) => r.referralId)}::uuid[], ${ips.map((r) => r.keyId)}::bigint[],
                  ${ips.map((r) => r.service)}::text[], ${ips.map((r) => r.observedAt!.toISOString())}::timestamptz[])
        as k(referral_id, key_id, service, observed_at)
      join referral_link_keys o on o.key_id = k.key_id
        and o.observed_at between k.observed_at - make_interval(mins => ${rules.ipWindowMinutes})
                              and k.observed_at + make_interval(mins => ${rules.ipWindowMinutes})
        and (${rules.ipAcrossServices}::boolean or o.service = k.service)
      left join referral_clusters rc on rc.referral_id = o.referral_id`.execute(trx);
    for (const n of near)
      found.push({
        referralId: n.referral_id,
        otherId: n.other_id,
        otherCluster: n.cluster_id,
        keyId: Number(n.key_id),
      });
  }
  return found;
}

/** Links among the queued referrals themselves (their keys are not stored yet). */
function linksWithinBatch(rows: KeyRow[], rules: LinkingRules): Link[] {
  const byKey = new Map<number, KeyRow[]>();
  for (const r of rows) {
    const group = byKey.get(r.keyId);
    if (group) group.push(r);
    else byKey.set(r.keyId, [r]);
  }
  const links: Link[] = [];
  const link = (a: KeyRow, b: KeyRow) => {
    if (a.referralId !== b.referralId)
      links.push({ referralId: b.referralId, otherId: a.referralId, otherCluster: null, keyId: a.keyId });
  };
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    if (group[0]!.ip) for (const [a, b] of linkedIpPairs(group, rules)) link(group[a]!, group[b]!);
    else for (let k = 1; k < group.length; k++) link(group[k - 1]!, group[k]!);
  }
  return links;
}

/**
 * Links up to `BATCH` queued referrals: stores their link keys, finds the referrals they share keys with
 * under the rules, and merges the clusters concerned (the largest absorbs the others, so a referral moves
 * O(log n) times at most). One transaction, under a lock every server's linker takes: two servers never
 * merge the same clusters at once. Returns how many referrals it took off the queue.
 */
export async function linkQueuedReferrals(services: Services, batch = BATCH): Promise<number> {
  const rules = services.config.linking;
  return services.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LINKING_LOCK})`.execute(trx);
    const ids = await takeQueued(trx, batch);
    if (!ids.length) return 0;
    // A referral queued again (re-linking) keeps its cluster and gets its keys anew.
    await trx.deleteFrom('referral_link_keys').where('referral_id', 'in', ids).execute();
    const rows = await keysOf(trx, ids, rules);
    const links = [...(await earlierLinks(trx, rows, rules)), ...linksWithinBatch(rows, rules)].filter(
      (l) => l.referralId !== l.otherId,
    );
    const current = await trx
      .selectFrom('referral_clusters')
      .select(['referral_id', 'cluster_id'])
      .where('referral_id', 'in', ids)
      .execute();
    const clusterOf = new Map(current.map((c) => [c.referral_id, c.cluster_id]));
    for (const l of links) if (l.otherCluster) clusterOf.set(l.otherId, l.otherCluster);
    const node = (referralId: string) => {
      const cluster = clusterOf.get(referralId);
      return cluster ? `c:${cluster}` : `r:${referralId}`;
    };
    const union = new UnionFind();
    for (const l of links) union.join(node(l.referralId), node(l.otherId));
    const changed = await mergeComponents(trx, union.components(), randomUUID);

    const keyRows = rows.map((r) => ({
      referral_id: r.referralId,
      key_id: r.keyId,
      service: r.service,
      observed_at: r.observedAt,
    }));
    const linkRows = [
      ...new Map(
        links.map((l) => [
          `${l.referralId} ${l.otherId} ${l.keyId}`,
          { referral_id: l.referralId, linked_referral_id: l.otherId, key_id: l.keyId },
        ]),
      ).values(),
    ];
    const [audit] = auditInserts(trx, SYSTEM_ACTOR, [
      {
        action: 'referral.link',
        entityType: 'referral',
        details: { referrals: ids, links: linkRows.length, clustersChanged: changed.clusters.length },
      },
    ]);
    await executeTogether(
      trx,
      [
        ...slices(keyRows).map((part) => trx.insertInto('referral_link_keys').values(part)),
        ...slices(linkRows).map((part) =>
          trx
            .insertInto('referral_links')
            .values(part)
            .onConflict((oc) => oc.doNothing()),
        ),
      ],
      audit!,
    );
    if (changed.referrals.length) await onClustersChanged(trx, changed.referrals);
    await markPublicationsOfReferralsStale(trx, ids);
    return ids.length;
  });
}

/** Keeps linking going in a server (see `startLoop` for the pacing). */
export function startLinking(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  return startLoop(() => linkQueuedReferrals(services), 'linking', pacing, BATCH);
}
