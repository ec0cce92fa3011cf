import {
  deadlineState,
  PRESERVATION_RULES,
  WARRANT_RULES,
  type DeadlineItem,
  type Deadlines,
  type PreservationJurisdiction,
  type WarrantType,
} from '@sinag/core';
import { sql, type RawBuilder } from 'kysely';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Services } from '../services.ts';

const DAY_MS = 86_400_000;
/** The list keeps the earliest; the counts say when there were more. */
const LIMIT = 500;
/** An expired preservation stays on the list this long: someone must send a new request or let it go. */
const EXPIRED_PRESERVATION_DAYS = 30;

interface Row {
  kind: DeadlineItem['kind'];
  id: string;
  case_id: string;
  reference: string;
  label: string;
  detail: string | null;
  due_at: Date | string;
}

function title(row: Row): string {
  switch (row.kind) {
    case 'task':
      return row.label;
    case 'preservation':
      return `Preservation at ${row.label} expires (${PRESERVATION_RULES[row.detail as PreservationJurisdiction].label})`;
    case 'warrant':
      return `${row.detail} ${row.label}: ${WARRANT_RULES[row.detail as WarrantType].due}`;
    case 'request':
      return `Answer from ${row.label} (${row.detail?.replace('-', ' ')})`;
  }
}

/**
 * What is due within `within` days, or overdue, in the open cases in scope: open tasks, preservations about to
 * expire, warrant returns, unanswered requests — soonest first. "mine" starts from the cases the caller leads
 * or is on the team of (indexes on lead and team; a few cases, computed once), plus tasks assigned to the
 * caller; "organisation" joins the case into each branch, so the pending items' due-time indexes can be read
 * in order and the scan stops at the limit.
 */
export async function deadlines(
  services: Services,
  actor: Actor,
  query: { within: number; scope: 'mine' | 'organisation' },
): Promise<Deadlines> {
  const now = new Date();
  const horizon = new Date(now.getTime() + query.within * DAY_MS);
  const expiredSince = new Date(now.getTime() - EXPIRED_PRESERVATION_DAYS * DAY_MS);
  const org = actor.organisationId;
  const me = actor.userId;
  const scope =
    query.scope === 'mine'
      ? sql`select c.id, c.reference from cases c
            where c.id in (select id from cases where lead_id = ${me}
                           union select case_id from case_team where user_id = ${me})
              and c.organisation_id = ${org} and c.status <> 'closed'`
      : sql`select c.id, c.reference from cases c where c.organisation_id = ${org} and c.status <> 'closed'`;
  const assignedToMe =
    query.scope === 'mine'
      ? sql`union
          select 'task', t.id, c.id, c.reference, t.title, null, t.due_at
          from case_tasks t join cases c on c.id = t.case_id
          where t.assignee_id = ${me} and t.status = 'open' and t.due_at <= ${horizon}
            and c.organisation_id = ${org} and c.status <> 'closed'`
      : sql``;
  // Each kind is cut at the limit on its own too: read in due order from its index, it stops there.
  const earliest = (branch: RawBuilder<unknown>) =>
    sql`(select * from (${branch}) b order by due_at, id limit ${LIMIT + 1})`;
  return services.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Row>`
      with scope as ${query.scope === 'mine' ? sql`materialized` : sql`not materialized`} (${scope})
      select * from (
        ${earliest(sql`
          select 'task' as kind, t.id, s.id as case_id, s.reference, t.title as label, null as detail, t.due_at
          from scope s join case_tasks t on t.case_id = s.id
          where t.status = 'open' and t.due_at <= ${horizon}
          ${assignedToMe}`)}
        union all
        ${earliest(sql`
          select 'preservation' as kind, p.id, s.id as case_id, s.reference, p.recipient as label,
            p.jurisdiction as detail, p.expires_at as due_at
          from scope s join case_preservations p on p.case_id = s.id
          where p.expires_at <= ${horizon} and p.expires_at > ${expiredSince}`)}
        union all
        ${earliest(sql`
          select 'warrant' as kind, w.id, s.id as case_id, s.reference, w.number as label, w.type as detail,
            w.return_due_at as due_at
          from scope s join case_warrants w on w.case_id = s.id
          where w.returned_at is null and w.return_due_at <= ${horizon}`)}
        union all
        ${earliest(sql`
          select 'request' as kind, r.id, s.id as case_id, s.reference, r.recipient as label, r.kind as detail,
            r.due_at
          from scope s join case_legal_requests r on r.case_id = s.id
          where r.answered_at is null and r.due_at <= ${horizon}`)}
      ) due
      order by due_at, id
      limit ${LIMIT + 1}`.execute(trx);
    const items: DeadlineItem[] = rows.slice(0, LIMIT).map((row) => {
      const dueAt = new Date(row.due_at);
      return {
        kind: row.kind,
        id: row.id,
        caseId: row.case_id,
        caseReference: row.reference,
        title: title(row),
        dueAt: dueAt.toISOString(),
        state: deadlineState(dueAt, now, query.within),
      };
    });
    await appendAudit(trx, auditActor(actor), [
      { action: 'case.deadlines', entityType: 'case', details: { ...query, returned: items.length } },
    ]);
    return {
      items,
      overdue: items.filter((i) => i.state === 'overdue').length,
      dueSoon: items.filter((i) => i.state === 'due-soon').length,
      within: query.within,
      truncated: rows.length > LIMIT,
    };
  });
}
