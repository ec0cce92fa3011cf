import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Disjoint sets of node names ("c:<cluster id>" or "r:<referral id>"), for the links of one batch. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  private root(node: string): string {
    let r = node;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    if (!this.parent.has(r)) this.parent.set(r, r);
    // Path compression: later look-ups of these nodes go straight to the root.
    for (let n = node; n !== r;) {
      const next = this.parent.get(n)!;
      this.parent.set(n, r);
      n = next;
    }
    return r;
  }

  join(a: string, b: string): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }

  components(): string[][] {
    const groups = new Map<string, string[]>();
    for (const node of this.parent.keys()) {
      const r = this.root(node);
      const group = groups.get(r);
      if (group) group.push(node);
      else groups.set(r, [node]);
    }
    return [...groups.values()];
  }
}

/**
 * Makes each component one cluster: the largest existing cluster in it survives and takes in the others'
 * referrals and the lone referrals (a new cluster when there is none). Returns the surviving clusters and
 * the referrals whose cluster facts changed for triage: the newcomers (lone referrals and the absorbed
 * clusters' members), and the survivor's own members only when a newcomer is in an open case. A survivor's
 * members already count as linked, so a referral joining a cluster of thousands does not score them all
 * again: that made a much-shared identifier cost intake time in proportion to its cluster, per referral.
 */
export async function mergeComponents(
  trx: Transaction<Database>,
  components: string[][],
  newId: () => string,
): Promise<{ clusters: string[]; referrals: string[] }> {
  const groups = components.filter((c) => c.length > 1);
  if (!groups.length) return { clusters: [], referrals: [] };
  const ids = (nodes: string[], prefix: string) =>
    nodes.filter((n) => n.startsWith(prefix)).map((n) => n.slice(2));
  const existing = ids(groups.flat(), 'c:');
  const sizes = existing.length
    ? await trx
        .selectFrom('clusters')
        .select(['id', 'size'])
        .where('id', 'in', existing)
        .forUpdate()
        .execute()
    : [];
  const sizeOf = new Map(sizes.map((s) => [s.id, s.size]));
  const moves: { loser: string; survivor: string }[] = [];
  const joins: { referral_id: string; cluster_id: string }[] = [];
  const survivors: { id: string; size: number }[] = [];
  for (const group of groups) {
    const clusters = ids(group, 'c:').sort((a, b) => sizeOf.get(b)! - sizeOf.get(a)!);
    const referrals = ids(group, 'r:');
    const survivor = clusters[0] ?? newId();
    for (const loser of clusters.slice(1)) moves.push({ loser, survivor });
    for (const referral of referrals) joins.push({ referral_id: referral, cluster_id: survivor });
    const size = clusters.reduce((n, c) => n + sizeOf.get(c)!, 0) + referrals.length;
    survivors.push({ id: survivor, size });
  }
  await trx
    .insertInto('clusters')
    .values(survivors)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({ size: eb.ref('excluded.size'), updated_at: new Date() })),
    )
    .execute();
  const newcomers = joins.map((j) => ({ referralId: j.referral_id, survivor: j.cluster_id }));
  if (moves.length) {
    const { rows: moved } = await sql<{ referral_id: string; cluster_id: string }>`
      update referral_clusters set cluster_id = m.survivor
      from unnest(${moves.map((m) => m.loser)}::uuid[], ${moves.map((m) => m.survivor)}::uuid[])
        as m(loser, survivor)
      where cluster_id = m.loser
      returning referral_id, cluster_id`.execute(trx);
    for (const r of moved) newcomers.push({ referralId: r.referral_id, survivor: r.cluster_id });
    await trx
      .deleteFrom('clusters')
      .where(
        'id',
        'in',
        moves.map((m) => m.loser),
      )
      .execute();
  }
  for (let i = 0; i < joins.length; i += 5000)
    await trx
      .insertInto('referral_clusters')
      .values(joins.slice(i, i + 5000))
      .execute();
  const newIds = newcomers.map((n) => n.referralId);
  const { rows: inOpenCases } = await sql<{ referral_id: string }>`
    select distinct cr.referral_id from case_referrals cr
    join cases c on c.id = cr.case_id and c.status <> 'closed'
    where cr.referral_id = any(${newIds}::uuid[])`.execute(trx);
  const bringingCases = new Set(inOpenCases.map((r) => r.referral_id));
  const casesChanged = [
    ...new Set(newcomers.filter((n) => bringingCases.has(n.referralId)).map((n) => n.survivor)),
  ];
  const members = casesChanged.length
    ? await trx
        .selectFrom('referral_clusters')
        .select('referral_id')
        .where('cluster_id', 'in', casesChanged)
        .execute()
    : [];
  return {
    clusters: survivors.map((s) => s.id),
    referrals: [...new Set([...newIds, ...members.map((m) => m.referral_id)])],
  };
}
