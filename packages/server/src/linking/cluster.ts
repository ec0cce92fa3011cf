import {
  linkKeyKind,
  linkKeyValue,
  type ClusterMember,
  type LinkedIdentifier,
  type ReferralCluster,
} from '@sinag/core';
import { sql } from 'kysely';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { contactOf } from './contacts.ts';

/** Members listed at most; the rest are counted. */
const MEMBERS_SHOWN = 200;

export const identifierOfKey = (key: string): LinkedIdentifier => ({
  kind: linkKeyKind(key),
  value: linkKeyValue(key),
});

export const notVisible = () =>
  new AppError('not_found', 'No such referral, or it is not visible to your organisation.');

/**
 * A referral's cluster as the caller's organisation may see it: its own referrals in full, with the
 * identifiers that link them; other organisations' referrals and open cases as a count or an existence,
 * with whom to call. Audited as a read of each referral shown.
 */
export async function getReferralCluster(
  services: Services,
  actor: Actor,
  id: string,
): Promise<ReferralCluster> {
  const org = actor.organisationId;
  return services.db.transaction().execute(async (trx) => {
    const subject = await trx
      .selectFrom('referrals as r')
      .leftJoin('referral_clusters as rc', 'rc.referral_id', 'r.id')
      .leftJoin('clusters as c', 'c.id', 'rc.cluster_id')
      .select(['r.id', 'rc.cluster_id', 'c.size'])
      .where('r.id', '=', id)
      .where('r.organisation_id', '=', org)
      .executeTakeFirst();
    if (!subject) throw notVisible();
    const clusterId = subject.cluster_id;
    const empty: ReferralCluster = {
      clusterId: null,
      size: 1,
      members: [],
      membersTotal: 0,
      otherOrganisations: [],
      openCases: [],
    };
    const view = clusterId ? await clusterContents(trx, org, id, clusterId, subject.size!) : empty;
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'referral.cluster.read',
        entityType: 'referral',
        entityId: id,
        details: { clusterId, returned: view.members.map((m) => m.id), openCases: view.openCases.length },
      },
    ]);
    return view;
  });
}

async function clusterContents(
  trx: Services['db'],
  org: string,
  id: string,
  clusterId: string,
  size: number,
): Promise<ReferralCluster> {
  const { rows: members } = await sql<{
    id: string;
    reference: string;
    received_at: Date;
    band: string;
    priority_score: number;
    status: string;
    total: number;
  }>`
    select r.id, r.reference, r.received_at, r.band, r.priority_score, r.status,
      count(*) over ()::int as total
    from referral_clusters m join referrals r on r.id = m.referral_id
    where m.cluster_id = ${clusterId} and r.organisation_id = ${org} and r.id <> ${id}
    order by r.band, r.due_at nulls last, r.received_at desc, r.id
    limit ${MEMBERS_SHOWN}`.execute(trx);
  const shown = members.map((m) => m.id);
  const { rows: links } = shown.length
    ? await sql<{ referral_id: string; linked_referral_id: string; key: string }>`
        select l.referral_id, l.linked_referral_id, k.key
        from referral_links l join link_keys k on k.id = l.key_id
        where l.referral_id = any(${shown}::uuid[]) or l.linked_referral_id = any(${shown}::uuid[])`.execute(
        trx,
      )
    : { rows: [] };
  const keysOf = new Map<string, Set<string>>();
  for (const l of links)
    for (const end of [l.referral_id, l.linked_referral_id]) {
      const keys = keysOf.get(end) ?? new Set<string>();
      keys.add(l.key);
      keysOf.set(end, keys);
    }
  const { rows: others } = await sql<{
    organisation: string;
    referrals: number;
    contact_name: string | null;
    contact_email: string | null;
    contact_phone: string | null;
  }>`
    select o.name as organisation, count(*)::int as referrals,
      dc.name as contact_name, dc.email as contact_email, dc.phone as contact_phone
    from referral_clusters m join referrals r on r.id = m.referral_id
      join organisations o on o.id = r.organisation_id
      left join deconfliction_contacts dc on dc.organisation_id = o.id
    where m.cluster_id = ${clusterId} and r.organisation_id <> ${org}
    group by o.name, dc.name, dc.email, dc.phone
    order by o.name`.execute(trx);
  const { rows: cases } = await sql<{
    id: string;
    reference: string;
    title: string;
    status: string;
    organisation_id: string;
    organisation: string;
    contact_name: string | null;
    contact_email: string | null;
    contact_phone: string | null;
  }>`
    select distinct c.organisation_id <> ${org} as foreign_case, c.id, c.reference, c.title, c.status, c.organisation_id, o.name as organisation,
      dc.name as contact_name, dc.email as contact_email, dc.phone as contact_phone
    from referral_clusters m join case_referrals cr on cr.referral_id = m.referral_id
      join cases c on c.id = cr.case_id and c.status <> 'closed'
      join organisations o on o.id = c.organisation_id
      left join deconfliction_contacts dc on dc.organisation_id = o.id
    where m.cluster_id = ${clusterId}
    -- The organisation's own cases first.
    order by foreign_case, o.name, c.reference`.execute(trx);
  return {
    clusterId,
    size,
    members: members.map((m): ClusterMember => ({
      id: m.id,
      reference: m.reference,
      receivedAt: m.received_at.toISOString(),
      band: m.band as ClusterMember['band'],
      score: m.priority_score,
      status: m.status as ClusterMember['status'],
      linkedBy: [...(keysOf.get(m.id) ?? [])].sort().map(identifierOfKey),
    })),
    membersTotal: members[0]?.total ?? 0,
    otherOrganisations: others.map((o) => ({
      organisation: o.organisation,
      referrals: o.referrals,
      contact: contactOf(o),
    })),
    openCases: cases.map((c) => {
      const own = c.organisation_id === org;
      return {
        organisation: c.organisation,
        own,
        id: own ? c.id : null,
        reference: own ? c.reference : null,
        title: own ? c.title : null,
        status: own ? c.status : null,
        contact: own ? null : contactOf(c),
      };
    }),
  };
}
