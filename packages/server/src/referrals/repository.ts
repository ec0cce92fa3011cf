import type { ReferralListParams, ReferralSummary } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReferralRow } from '../db/schema.ts';
import type { PreparedReferral } from './prepare.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewReferral extends PreparedReferral {
  organisationId: string;
  createdBy: string | null;
}

/** Inserts referrals with their external ids, identifiers and files; returns ids in input order. */
export async function insertReferrals(
  trx: Db,
  items: NewReferral[],
): Promise<{ id: string; reference: string }[]> {
  if (!items.length) return [];
  const now = new Date();
  const created = await trx
    .insertInto('referrals')
    .values(
      items.map(({ referral: r, assessment, organisationId, createdBy }) => ({
        organisation_id: organisationId,
        source: r.source,
        received_at: r.receivedAt ? new Date(r.receivedAt) : now,
        incident_type: r.incident.type,
        incident_at: r.incident.occurredAt ? new Date(r.incident.occurredAt) : null,
        priority: assessment.priority,
        priority_score: assessment.score,
        priority_reasons: JSON.stringify(assessment.reasons),
        country: r.location?.country ?? null,
        region: r.location?.region ?? null,
        reporter_name: r.reporter.name,
        identifier_count: r.reportedPersons.reduce((n, p) => n + p.identifiers.length, 0),
        file_count: r.files.length,
        data: JSON.stringify(r),
        created_by: createdBy,
      })),
    )
    .returning(['id', 'reference'])
    .execute();

  const externalIds = items.flatMap(({ referral }, i) =>
    referral.externalIds.map((e) => ({ referral_id: created[i]!.id, system: e.system, external_id: e.id })),
  );
  const identifiers = items.flatMap(({ referral }, i) =>
    referral.reportedPersons.flatMap((person, p) =>
      person.identifiers.map((identifier) => ({
        referral_id: created[i]!.id,
        person_index: p,
        person_role: person.role,
        kind: identifier.kind,
        value: identifier.normalised,
        service: identifier.service ?? null,
        observed_at: identifier.observedAt ? new Date(identifier.observedAt) : null,
      })),
    ),
  );
  const files = items.flatMap(({ referral }, i) =>
    referral.files.map((f, index) => ({
      referral_id: created[i]!.id,
      file_index: index,
      name: f.name ?? null,
      md5: f.md5 ?? null,
      sha1: f.sha1 ?? null,
      sha256: f.sha256 ?? null,
      pdq: f.pdq ?? null,
      size_bytes: f.sizeBytes ?? null,
      viewed_by_esp: f.viewedByEsp ?? null,
      publicly_available: f.publiclyAvailable ?? null,
    })),
  );
  // Parameter count per statement is capped (65535), so insert child rows in slices.
  for (let i = 0; i < externalIds.length; i += 2000) {
    await trx
      .insertInto('referral_external_ids')
      .values(externalIds.slice(i, i + 2000))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (let i = 0; i < identifiers.length; i += 2000) {
    await trx
      .insertInto('referral_identifiers')
      .values(identifiers.slice(i, i + 2000))
      .execute();
  }
  for (let i = 0; i < files.length; i += 2000) {
    await trx
      .insertInto('referral_files')
      .values(files.slice(i, i + 2000))
      .execute();
  }
  return created;
}

const SORT_COLUMNS = {
  receivedAt: 'received_at',
  reference: 'reference',
  region: 'region',
  source: 'source',
  incidentType: 'incident_type',
  status: 'status',
} as const;

export async function findReferrals(
  db: Db,
  organisationId: string,
  query: ReferralListParams,
): Promise<{ rows: ReferralRow[]; total: number }> {
  let base = db.selectFrom('referrals').where('organisation_id', '=', organisationId);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.priority) base = base.where('priority', '=', query.priority);
  if (query.source) base = base.where('source', '=', query.source);
  if (query.incidentType) base = base.where('incident_type', '=', query.incidentType);
  if (query.region) base = base.where('region', '=', query.region);
  if (query.externalId) {
    const externalId = query.externalId;
    base = base.where('id', 'in', (eb) =>
      eb.selectFrom('referral_external_ids').select('referral_id').where('external_id', '=', externalId),
    );
  }
  if (query.q) {
    const q = query.q.trim();
    const lower = q.toLowerCase();
    base = base.where((eb) =>
      eb.or([
        eb('reference', '=', q.toUpperCase()),
        eb(
          'id',
          'in',
          eb.selectFrom('referral_external_ids').select('referral_id').where('external_id', '=', q),
        ),
        eb(
          'id',
          'in',
          eb
            .selectFrom('referral_identifiers')
            .select('referral_id')
            // Screen names are stored as "service:name": match the name on any service too.
            .where((w) =>
              w.or([w('value', '=', lower), w('value', '=', q), w('value', 'like', `%:${lower}`)]),
            ),
        ),
      ]),
    );
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let rows = base.selectAll();
  const direction = query.order;
  if (query.sort === 'priority') {
    rows = rows.orderBy('priority_score', direction).orderBy('received_at', 'desc');
  } else {
    rows = rows.orderBy(SORT_COLUMNS[query.sort], direction);
  }
  const page = await rows
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows: page, total: Number(count.n) };
}

export function toSummary(row: ReferralRow): ReferralSummary {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source as ReferralSummary['source'],
    status: row.status as ReferralSummary['status'],
    receivedAt: row.received_at.toISOString(),
    incidentType: row.incident_type as ReferralSummary['incidentType'],
    priority: row.priority as ReferralSummary['priority'],
    priorityScore: row.priority_score,
    country: row.country,
    region: row.region,
    reporterName: row.reporter_name,
    identifierCount: row.identifier_count,
    fileCount: row.file_count,
  };
}

export async function findReferral(db: Db, organisationId: string, id: string) {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findReferralFiles(db: Db, id: string) {
  return db
    .selectFrom('referral_files')
    .selectAll()
    .where('referral_id', '=', id)
    .orderBy('file_index')
    .execute();
}

export async function findCasesOfReferral(db: Db, id: string) {
  return db
    .selectFrom('case_referrals')
    .innerJoin('cases', 'cases.id', 'case_referrals.case_id')
    .select(['cases.id', 'cases.reference', 'cases.title'])
    .where('case_referrals.referral_id', '=', id)
    .orderBy('cases.created_at')
    .execute();
}
