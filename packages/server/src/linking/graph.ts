import { hasPermission, type Graph, type GraphNode, type GraphQuery } from '@sinag/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { identifierOfKey } from './cluster.ts';

type Query = z.output<typeof GraphQuery>;

const nodeNotVisible = () =>
  new AppError('not_found', 'No such node, or it is not visible to your organisation.', 'node');

const referralNode = (r: { id: string; reference: string; band: string; received_at: Date }): GraphNode => ({
  id: `referral:${r.id}`,
  type: 'referral',
  label: r.reference,
  detail: `${r.band} · received ${r.received_at.toISOString().slice(0, 10)}`,
  expandable: true,
});

const identifierNode = (k: { id: number | string; key: string }): GraphNode => {
  const { kind, value } = identifierOfKey(k.key);
  return { id: `identifier:${k.id}`, type: 'identifier', label: value, detail: kind, expandable: true };
};

function caseNode(
  c: { id: string; reference: string; title: string; organisation: string },
  own: boolean,
): GraphNode {
  // Another organisation's case: that it exists and whose it is, nothing of its contents.
  return own
    ? { id: `case:${c.id}`, type: 'case', label: c.reference, detail: c.title, expandable: true }
    : {
        id: `case:${c.id}`,
        type: 'case',
        label: `Case at ${c.organisation}`,
        detail: null,
        expandable: false,
      };
}

const edgesFrom = (center: string, nodes: GraphNode[]) =>
  nodes.map((n) => ({ source: center, target: n.id }));

async function aroundReferral(db: Kysely<Database>, org: string, id: string, limit: number): Promise<Graph> {
  const referral = await db
    .selectFrom('referrals')
    .select(['id', 'reference', 'band', 'received_at'])
    .where('id', '=', id)
    .where('organisation_id', '=', org)
    .executeTakeFirst();
  if (!referral) throw nodeNotVisible();
  const { rows: keys } = await sql<{ id: number; key: string; total: number }>`
    select k.id, k.key, count(*) over ()::int as total
    from (select distinct key_id from referral_link_keys where referral_id = ${id}) rk
      join link_keys k on k.id = rk.key_id
    order by k.key limit ${limit}`.execute(db);
  const { rows: cases } = await sql<{
    id: string;
    reference: string;
    title: string;
    organisation: string;
    own: boolean;
    total: number;
  }>`
    select c.id, c.reference, c.title, o.name as organisation, c.organisation_id = ${org} as own,
      count(*) over ()::int as total
    from case_referrals cr join cases c on c.id = cr.case_id join organisations o on o.id = c.organisation_id
    where cr.referral_id = ${id}
    order by c.created_at limit ${limit}`.execute(db);
  const center = referralNode(referral);
  const nodes = [...keys.map(identifierNode), ...cases.map((c) => caseNode(c, c.own))];
  return {
    center,
    nodes,
    edges: edgesFrom(center.id, nodes),
    more: [
      { type: 'identifier', shown: keys.length, total: keys[0]?.total ?? 0 },
      { type: 'case', shown: cases.length, total: cases[0]?.total ?? 0 },
    ],
    otherOrganisationReferrals: 0,
  };
}

/** The organisation's referrals among `ids` (a query of `referral_id`s), newest first, with their total. */
async function ownReferrals(db: Kysely<Database>, org: string, ids: RawBuilder<unknown>, limit: number) {
  const { rows } = await sql<{
    id: string;
    reference: string;
    band: string;
    received_at: Date;
    total: number;
  }>`
    select r.id, r.reference, r.band, r.received_at, count(*) over ()::int as total
    from (${ids}) x join referrals r on r.id = x.referral_id and r.organisation_id = ${org}
    order by r.received_at desc, r.id limit ${limit}`.execute(db);
  return rows;
}

/** A node with referrals around it. */
function withReferrals(
  center: GraphNode,
  referrals: Awaited<ReturnType<typeof ownReferrals>>,
  otherOrganisationReferrals: number,
): Graph {
  const nodes = referrals.map(referralNode);
  return {
    center,
    nodes,
    edges: nodes.map((n) => ({ source: n.id, target: center.id })),
    more: [{ type: 'referral', shown: referrals.length, total: referrals[0]?.total ?? 0 }],
    otherOrganisationReferrals,
  };
}

/** An identifier is visible to an organisation only through a referral of its own that has it. */
async function aroundIdentifier(
  db: Kysely<Database>,
  org: string,
  keyId: string,
  limit: number,
): Promise<Graph> {
  const holders = sql`select distinct referral_id from referral_link_keys where key_id = ${keyId}`;
  const referrals = await ownReferrals(db, org, holders, limit);
  if (!referrals.length) throw nodeNotVisible();
  const { rows: others } = await sql<{ n: number }>`
    select count(*)::int as n
    from (${holders}) x join referrals r on r.id = x.referral_id and r.organisation_id <> ${org}`.execute(db);
  const key = await db
    .selectFrom('link_keys')
    .select(['id', 'key'])
    .where('id', '=', Number(keyId))
    .executeTakeFirstOrThrow();
  return withReferrals(identifierNode(key), referrals, others[0]!.n);
}

async function aroundCase(db: Kysely<Database>, org: string, id: string, limit: number): Promise<Graph> {
  const found = await db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.reference', 'c.title', 'o.name as organisation'])
    .where('c.id', '=', id)
    .where('c.organisation_id', '=', org)
    .executeTakeFirst();
  if (!found) throw nodeNotVisible();
  const members = sql`select referral_id from case_referrals where case_id = ${id}`;
  return withReferrals(caseNode(found, true), await ownReferrals(db, org, members, limit), 0);
}

/** Financial alerts linked to a referral (for those who read alerts), added to its neighbourhood. */
async function withAlerts(
  db: Kysely<Database>,
  org: string,
  graph: Graph,
  referralId: string,
  limit: number,
) {
  const { rows } = await sql<{
    id: string;
    party_role: string;
    party_id: string;
    score: number;
    total: number;
  }>`
    select a.id, a.party_role, a.party_id, a.score, count(*) over ()::int as total
    from finance_alert_links l join finance_alerts a on a.id = l.alert_id and a.organisation_id = ${org}
    where l.referral_id = ${referralId}
    order by a.score desc, a.id limit ${limit}`.execute(db);
  const nodes: GraphNode[] = rows.map((a) => ({
    id: `financial-alert:${a.id}`,
    type: 'financial-alert',
    label: `Alert on ${a.party_id}`,
    detail: `${a.party_role} · score ${a.score}`,
    expandable: false,
  }));
  graph.nodes.push(...nodes);
  graph.edges.push(...edgesFrom(graph.center.id, nodes));
  graph.more.push({ type: 'financial-alert', shown: rows.length, total: rows[0]?.total ?? 0 });
}

const EXPAND = { referral: aroundReferral, identifier: aroundIdentifier, case: aroundCase } as const;

/**
 * The neighbourhood of one node (referral ↔ identifier ↔ case), for expanding a graph node by node: at
 * most `limit` neighbours of each type, the rest counted, so an IP shared by thousands of referrals stays
 * one small answer. Only the caller's organisation's referrals and cases appear. Audited.
 */
export async function getGraph(services: Services, actor: Actor, query: Query): Promise<Graph> {
  const [type, id] = query.node.split(':') as [keyof typeof EXPAND, string];
  return services.db.transaction().execute(async (trx) => {
    const graph = await EXPAND[type](trx, actor.organisationId, id, query.limit);
    if (type === 'referral' && hasPermission(actor.role, 'finance:read'))
      await withAlerts(trx, actor.organisationId, graph, id, query.limit);
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'graph.read',
        entityType: type,
        entityId: id,
        details: { returned: graph.nodes.map((n) => n.id) },
      },
    ]);
    return graph;
  });
}
