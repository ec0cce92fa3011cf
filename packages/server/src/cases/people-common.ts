import type { IdentifierKind, RelationView, SubjectForConflict } from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { recordNotFound } from './work.ts';

export type Trx = Transaction<Database>;

/** A `date` column as YYYY-MM-DD text: both drivers would otherwise turn it into a Date at local midnight. */
export const day = (column: string) => sql<string>`${sql.ref(column)}::text`;

/** Every victim–subject relation of a case. */
export async function caseRelations(trx: Trx, caseId: string): Promise<RelationView[]> {
  const rows = await trx
    .selectFrom('victim_subject_relations as r')
    .innerJoin('case_victims as v', 'v.id', 'r.victim_id')
    .innerJoin('case_subjects as s', 's.id', 'r.subject_id')
    .select(['r.victim_id', 'v.pseudonym', 'r.subject_id', 's.label', 'r.relationship', 'r.is_guardian'])
    .where('v.case_id', '=', caseId)
    .orderBy('v.pseudonym')
    .orderBy('s.label')
    .execute();
  return rows.map((r) => ({
    victimId: r.victim_id,
    pseudonym: r.pseudonym,
    subjectId: r.subject_id,
    subjectLabel: r.label,
    relationship: r.relationship as RelationView['relationship'],
    isGuardian: r.is_guardian,
  }));
}

/** A subject, victim or operation of this case, or a 404 (or, for a list in a body, a 400 naming the field). */
export async function requireInCase(
  trx: Trx,
  table: 'case_subjects' | 'case_victims' | 'case_operations',
  caseId: string,
  ids: string[],
  field?: string,
): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await trx
    .selectFrom(table)
    .select('id')
    .where('case_id', '=', caseId)
    .where('id', 'in', unique)
    .execute();
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (!missing.length) return;
  const what = table.replace('case_', '').replace(/s$/, '');
  if (field)
    throw new AppError(
      'validation_failed',
      `${field}: no such ${what} in this case: ${missing.join(', ')}`,
      field,
    );
  throw recordNotFound(what);
}

/** The case's subjects as the guardian conflict check sees them, with their relation to one child. */
export async function subjectsForConflict(
  trx: Trx,
  caseId: string,
  victimId: string,
): Promise<SubjectForConflict[]> {
  const subjects = await trx
    .selectFrom('case_subjects as s')
    .leftJoin('victim_subject_relations as r', (join) =>
      join.onRef('r.subject_id', '=', 's.id').on('r.victim_id', '=', victimId),
    )
    .select(['s.id', 's.label', 'r.relationship', 'r.is_guardian'])
    .where('s.case_id', '=', caseId)
    .execute();
  if (!subjects.length) return [];
  const identifiers = await trx
    .selectFrom('case_subject_identifiers')
    .select(['subject_id', 'kind', 'value'])
    .where(
      'subject_id',
      'in',
      subjects.map((s) => s.id),
    )
    .execute();
  return subjects.map((s) => ({
    id: s.id,
    label: s.label,
    relationship: s.relationship ?? undefined,
    isGuardian: s.is_guardian ?? false,
    identifiers: identifiers
      .filter((i) => i.subject_id === s.id)
      .map((i) => ({ kind: i.kind as IdentifierKind, value: i.value })),
  }));
}
