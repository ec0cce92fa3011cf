import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Services } from '../services.ts';
import { caseListWhere, casesCsv, type CaseListFilter } from './case-list.ts';
import { caseQuery, toCaseSummary } from './service.ts';

/** More than any organisation works at once; a larger export is narrowed with the filters. */
export const CSV_EXPORT_LIMIT = 100_000;

/** The filtered case list as CSV, newest first, audited as an export (filters and count, no contents). */
export async function exportCases(services: Services, actor: Actor, filter: CaseListFilter): Promise<string> {
  return services.db.transaction().execute(async (trx) => {
    const rows = await caseQuery(trx, actor.organisationId)
      .where(caseListWhere(actor, filter))
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(CSV_EXPORT_LIMIT)
      .execute();
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'case.export',
        entityType: 'case',
        details: { ...filter, format: 'csv', count: rows.length },
      },
    ]);
    return casesCsv(rows.map(toCaseSummary));
  });
}
