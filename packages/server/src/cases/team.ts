import type { CaseTeamMember } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A case's team, in the order people joined it. */
export async function caseTeam(
  db: Kysely<Database> | Transaction<Database>,
  caseId: string,
): Promise<CaseTeamMember[]> {
  const rows = await db
    .selectFrom('case_team')
    .innerJoin('users', 'users.id', 'case_team.user_id')
    .select(['case_team.user_id', 'users.display_name', 'case_team.role_on_case', 'case_team.added_at'])
    .where('case_team.case_id', '=', caseId)
    .orderBy('case_team.added_at')
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    role: r.role_on_case,
    addedAt: r.added_at.toISOString(),
  }));
}
