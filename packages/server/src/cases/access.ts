import type { CaseStatus, Classification, ShareCeiling } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What the caller is to one case: every case route asks this first. */
export interface CaseAccess {
  caseId: string;
  reference: string;
  organisationId: string;
  status: CaseStatus;
  classification: Classification;
  /** The caller's organisation owns the case. */
  owner: boolean;
  /** For a case shared with the caller's organisation (not owned): the share's ceiling. */
  ceiling: ShareCeiling | null;
  /** The caller is its lead or on its team (operation data is for them only). */
  onTeam: boolean;
}

const NOT_VISIBLE = 'No such case, or it is not visible to your organisation.';

/**
 * The case as the caller may see it, or a 404 that does not say whether it exists. `forUpdate` locks the
 * case row, so writes to one case (stage changes, tasks, events) are serialised. Only the owner organisation
 * gets through unless the route asks for `shared`: then an organisation the case is shared with (an accepted
 * share or referral) gets through too, with its ceiling — never for a RED case — and the route shows only
 * what the ceiling allows (`sharedParts`). So every route that does not ask keeps answering 404 to them.
 */
export async function caseAccess(
  db: Db,
  actor: Actor,
  caseId: string,
  options: { forUpdate?: boolean; shared?: boolean } = {},
): Promise<CaseAccess> {
  let query = db
    .selectFrom('cases')
    .select((eb) => [
      'cases.id',
      'cases.reference',
      'cases.organisation_id',
      'cases.status',
      'cases.classification',
      'cases.lead_id',
      eb
        .exists(
          eb
            .selectFrom('case_team')
            .whereRef('case_team.case_id', '=', 'cases.id')
            .where('case_team.user_id', '=', actor.userId),
        )
        .as('on_team'),
    ])
    .where('cases.id', '=', caseId);
  if (!options.shared) query = query.where('cases.organisation_id', '=', actor.organisationId);
  if (options.forUpdate) query = query.forUpdate('cases');
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_VISIBLE);
  const owner = row.organisation_id === actor.organisationId;
  const ceiling = owner || !options.shared ? null : await shareCeiling(db, caseId, actor.organisationId);
  if (!owner && (!ceiling || row.classification === 'RED')) throw new AppError('not_found', NOT_VISIBLE);
  return {
    caseId: row.id,
    reference: row.reference,
    organisationId: row.organisation_id,
    status: row.status as CaseStatus,
    classification: row.classification as Classification,
    owner,
    ceiling,
    onTeam: owner && (row.lead_id === actor.userId || Boolean(row.on_team)),
  };
}

/** The ceiling of the live share or referral of the case with the organisation, if any. */
async function shareCeiling(db: Db, caseId: string, organisationId: string): Promise<ShareCeiling | null> {
  const share = await db
    .selectFrom('case_shares')
    .select('ceiling')
    .where('case_id', '=', caseId)
    .where('to_organisation_id', '=', organisationId)
    .where('state', '=', 'accepted')
    .where('kind', 'in', ['share', 'referral'])
    .executeTakeFirst();
  return (share?.ceiling as ShareCeiling | undefined) ?? null;
}

/** A 403 unless the caller is on the case team. */
export function requireTeam(access: CaseAccess, what: string): void {
  if (!access.onTeam) throw new AppError('forbidden', `${what} is visible to the case team only.`);
}
