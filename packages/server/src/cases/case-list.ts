import type { CaseStatus, CaseSummary, CaseTemplateId } from '@sinag/core';
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';

export interface CaseListFilter {
  status?: CaseStatus | 'open';
  template?: CaseTemplateId;
  lead?: string;
  /** Cases the caller leads or is on the team of. */
  mine?: boolean;
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** The list filters as one condition on `cases`, for the page and for its count. */
export function caseListWhere(actor: Actor, filter: CaseListFilter) {
  return (eb: ExpressionBuilder<Database, 'cases'>) => {
    const conditions = [eb('cases.organisation_id', '=', actor.organisationId)];
    if (filter.status === 'open') conditions.push(eb('cases.status', '<>', 'closed'));
    else if (filter.status) conditions.push(eb('cases.status', '=', filter.status));
    if (filter.template) conditions.push(eb('cases.template', '=', filter.template));
    if (filter.lead) conditions.push(eb('cases.lead_id', '=', filter.lead));
    if (filter.mine) {
      conditions.push(
        eb.or([
          eb('cases.lead_id', '=', actor.userId),
          eb.exists(
            eb
              .selectFrom('case_team')
              .select('case_team.case_id')
              .whereRef('case_team.case_id', '=', 'cases.id')
              .where('case_team.user_id', '=', actor.userId),
          ),
        ]),
      );
    }
    return eb.and(conditions);
  };
}

const CSV_COLUMNS: [string, (c: CaseSummary) => string | number][] = [
  ['reference', (c) => c.reference],
  ['title', (c) => c.title],
  ['stage', (c) => c.status],
  ['template', (c) => c.template],
  ['classification', (c) => c.classification],
  ['lead', (c) => c.lead?.name ?? ''],
  ['referrals', (c) => c.referralCount],
  ['created_at', (c) => c.createdAt],
  ['created_by', (c) => c.createdBy ?? ''],
  ['updated_at', (c) => c.updatedAt],
];

/**
 * RFC 4180 quoting, and a leading quote mark before anything a spreadsheet would run as a formula (a title
 * is free text).
 */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The case list as CSV: the case's own fields only, never anything about a victim. */
export function casesCsv(cases: CaseSummary[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const c of cases) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
