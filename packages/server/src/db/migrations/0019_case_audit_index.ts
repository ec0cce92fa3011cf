import { sql, type Kysely } from 'kysely';

/**
 * A case's report lists the audit entries about it: those on the case itself (audit_log_entity) and those
 * on its parts, which name the case in `details.caseId`. Without an index the second half read the whole
 * audit log; the index holds only the entries that name a case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index audit_log_case on audit_log ((details->>'caseId'), seq)
      where details->>'caseId' is not null;
  `.execute(db);
}
