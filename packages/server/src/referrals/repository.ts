import {
  personNameKeys,
  REFERRAL_COUNT_CAP,
  RESPONSE_CLOCK_RUNNING,
  type ReferralListParams,
  type ReferralSummary,
} from '@sinag/core';
import { sql, type Insertable, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Vault } from '../vault/vault.ts';
import type { Database, ReferralRow } from '../db/schema.ts';
import { executeTogether, type Statement } from '../db/together.ts';
import { routingColumns } from '../routing/apply.ts';
import { triageColumns } from '../triage/columns.ts';
import { NO_LINKS } from '../triage/links.ts';
import { intakeSettings } from './intake-settings.ts';
import type { PreparedReferral } from './prepare.ts';
import { encryptionContext } from '../vault/contexts.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An original document a referral was made from (XML report, JSON export, form), kept encrypted. */
export interface SourceDocument {
  kind: string;
  mediaType: string;
  content: string;
}

export interface NewReferral extends PreparedReferral {
  organisationId: string;
  createdBy: string | null;
  documents?: SourceDocument[];
}

type ChildTable =
  | 'referral_external_ids'
  | 'referral_identifiers'
  | 'referral_person_names'
  | 'referral_files'
  | 'referral_victims'
  | 'referral_documents'
  | 'match_queue'
  | 'link_queue';

/** Child rows go in slices of a bounded number of parameters (`executeTogether` groups them). */
function insertsInSlices<T extends ChildTable>(
  db: Db,
  table: T,
  rows: Insertable<Database[T]>[],
): Statement[] {
  const inserts: Statement[] = [];
  for (let i = 0; i < rows.length; i += 2000)
    inserts.push(db.insertInto(table).values(rows.slice(i, i + 2000) as never));
  return inserts;
}

const PSEUDONYM_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A child's pseudonym, e.g. V-7KQ2-M9TD: random, so it says nothing about the child. */
export function newPseudonym(): string {
  const bytes = randomBytes(8);
  const chars = Array.from(bytes, (b) => PSEUDONYM_ALPHABET[b % PSEUDONYM_ALPHABET.length]).join('');
  return `V-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export const documentHash = (content: string) => createHash('sha256').update(content).digest('hex');

/** The referral as stored in `data`: without the children's identities, which live only in the vault. */
function storedData(referral: PreparedReferral['referral'], pseudonyms: string[]) {
  return {
    ...referral,
    victims: referral.victims.map(({ identity: _identity, ...victim }, i) => ({
      ...victim,
      pseudonym: pseudonyms[i],
    })),
  };
}

/**
 * Inserts referrals with their external ids, identifiers, files, victims (identities encrypted) and source
 * documents (encrypted), together with the statements `also` gives for their ids (audit entries, say), in as
 * few round trips as the parameters allow; returns ids in input order.
 */
export async function insertReferrals(
  trx: Db,
  vault: Vault,
  items: NewReferral[],
  also: (ids: string[]) => Statement[] = () => [],
): Promise<{ id: string; reference: string }[]> {
  if (!items.length) return [];
  const now = new Date();
  const ids = items.map(() => randomUUID());
  const pseudonyms = items.map((item) => item.referral.victims.map(newPseudonym));
  // Scored with the table in force; its files are not matched yet, so matching queues it to be scored again.
  const { triage: config, rules } = await intakeSettings(trx);
  const referrals = trx
    .insertInto('referrals')
    .values(
      items.map(({ referral: r, geolocation, organisationId, createdBy }, i) => {
        const triage = triageColumns(
          r,
          r.files.map(() => 'pending' as const),
          NO_LINKS,
          config,
        );
        return {
          id: ids[i],
          organisation_id: organisationId,
          source: r.source,
          received_at: r.receivedAt ? new Date(r.receivedAt) : now,
          incident_type: r.incident.type,
          incident_at: r.incident.occurredAt ? new Date(r.incident.occurredAt) : null,
          ...triage,
          priority_factors: JSON.stringify(triage.priority_factors),
          priority_flags: JSON.stringify(triage.priority_flags),
          // Where the report gave none, its other signals (IPs, phones) fill them in.
          country: geolocation.country,
          region: geolocation.region ?? r.location?.region ?? null,
          ...routingColumns(geolocation, rules),
          reporter_name: r.reporter.name,
          identifier_count: r.reportedPersons.reduce((n, p) => n + p.identifiers.length, 0),
          file_count: r.files.length,
          data: JSON.stringify(storedData(r, pseudonyms[i]!)),
          created_by: createdBy,
        };
      }),
    )
    .returning(['id', 'reference']);

  const externalIds = items.flatMap(({ referral }, i) => {
    // A source may repeat an id; it is one row.
    const unique = new Map(referral.externalIds.map((e) => [`${e.system}\u0000${e.id}`, e]));
    return [...unique.values()].map((e) => ({ referral_id: ids[i]!, system: e.system, external_id: e.id }));
  });
  const identifiers = items.flatMap(({ referral }, i) =>
    referral.reportedPersons.flatMap((person, p) =>
      person.identifiers.map((identifier) => ({
        referral_id: ids[i]!,
        person_index: p,
        person_role: person.role,
        kind: identifier.kind,
        value: identifier.normalised,
        service: identifier.service ?? null,
        observed_at: identifier.observedAt ? new Date(identifier.observedAt) : null,
      })),
    ),
  );
  // Payment parties are matched to reported persons by name and country through these (finance screening).
  const names = items.flatMap(({ referral }, i) =>
    personNameKeys(referral).map((key) => ({ referral_id: ids[i]!, name_key: key })),
  );
  const files = items.flatMap(({ referral }, i) =>
    referral.files.map((f, index) => ({
      referral_id: ids[i]!,
      file_index: index,
      name: f.name ?? null,
      md5: f.md5 ?? null,
      sha1: f.sha1 ?? null,
      sha256: f.sha256 ?? null,
      pdq: f.pdq ?? null,
      pdq_quality: f.pdqQuality ?? null,
      pdq_dihedral: f.pdqDihedral ?? null,
      size_bytes: f.sizeBytes ?? null,
      viewed_by_esp: f.viewedByEsp ?? null,
      publicly_available: f.publiclyAvailable ?? null,
    })),
  );
  const victims = items.flatMap(({ referral }, i) =>
    referral.victims.map((victim, v) => ({
      referral_id: ids[i]!,
      victim_index: v,
      pseudonym: pseudonyms[i]![v]!,
      age_years: victim.ageYears ?? null,
      age_estimate: victim.ageEstimate ?? null,
      sex: victim.sex ?? null,
      country: victim.location?.country ?? null,
      region: victim.location?.region ?? null,
      identity_ciphertext: victim.identity
        ? vault.encrypt(JSON.stringify(victim.identity), encryptionContext.referralVictim(ids[i]!, v))
        : null,
    })),
  );
  const documents = items.flatMap(({ documents: docs = [] }, i) =>
    docs.map((doc, d) => ({
      referral_id: ids[i]!,
      document_index: d,
      kind: doc.kind,
      media_type: doc.mediaType,
      sha256: documentHash(doc.content),
      content_ciphertext: vault.encrypt(doc.content, encryptionContext.referralDocument(ids[i]!, d)),
    })),
  );
  const children = [
    ...insertsInSlices(trx, 'referral_external_ids', externalIds),
    ...insertsInSlices(trx, 'referral_identifiers', identifiers),
    ...insertsInSlices(trx, 'referral_person_names', names),
    ...insertsInSlices(trx, 'referral_files', files),
    ...insertsInSlices(trx, 'referral_victims', victims),
    ...insertsInSlices(trx, 'referral_documents', documents),
    // Files are matched against the hash sets in the background (matching/worker.ts).
    ...insertsInSlices(
      trx,
      'match_queue',
      ids.filter((_, i) => items[i]!.referral.files.length).map((id) => ({ referral_id: id })),
    ),
    // Identifiers are linked into clusters in the background too (linking/worker.ts).
    ...insertsInSlices(
      trx,
      'link_queue',
      ids
        .filter((_, i) => items[i]!.referral.reportedPersons.some((p) => p.identifiers.length))
        .map((id) => ({ referral_id: id })),
    ),
  ];
  // The referrals go last: their rows (ids and references) are the ones returned.
  const created = await executeTogether(trx, [...children, ...also(ids)], referrals);
  const references = new Map(created.map((row) => [row.id, row.reference]));
  return ids.map((id) => ({ id, reference: references.get(id)! }));
}

const SORT_COLUMNS = {
  receivedAt: 'received_at',
  reference: 'reference',
  region: 'region',
  source: 'source',
  incidentType: 'incident_type',
  status: 'status',
} as const;

/** How many referrals `base` selects, counting no further than the cap (a full count of a million is slow). */
export async function cappedCount(
  db: Db,
  base: SelectQueryBuilder<Database, 'referrals', object>,
): Promise<{ total: number; totalCapped: boolean }> {
  const { n } = await db
    .selectFrom(
      base
        .select('id')
        .limit(REFERRAL_COUNT_CAP + 1)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(n);
  return { total: Math.min(total, REFERRAL_COUNT_CAP), totalCapped: total > REFERRAL_COUNT_CAP };
}

export async function findReferrals(
  db: Db,
  organisationId: string,
  query: ReferralListParams,
): Promise<{ rows: ReferralRow[]; total: number; totalCapped: boolean }> {
  let base = db.selectFrom('referrals').where('organisation_id', '=', organisationId);
  // Written as literals, not parameters: only then can every plan prove the referrals_open index applies.
  if (query.status === 'open')
    base = base.where(sql<boolean>`status in (${sql.join(RESPONSE_CLOCK_RUNNING.map((s) => sql.lit(s)))})`);
  else if (query.status) base = base.where('status', '=', query.status);
  if (query.band) base = base.where('band', '=', query.band);
  if (query.source) base = base.where('source', '=', query.source);
  if (query.incidentType) base = base.where('incident_type', '=', query.incidentType);
  if (query.region) base = base.where('region', '=', query.region);
  if (query.assigned === 'unassigned') base = base.where('assigned_to', 'is', null);
  else if (query.assigned) base = base.where('assigned_to', '=', query.assigned);
  if (query.routedTo) base = base.where('routed_to', '=', query.routedTo);
  if (query.platform) base = base.where('reporter_name', '=', query.platform);
  if (query.flag) {
    const flagged = JSON.stringify([{ name: query.flag }]);
    base = base.where(sql<boolean>`priority_flags @> ${flagged}::jsonb`);
  }
  if (query.externalId) {
    const externalId = query.externalId;
    base = base.where('id', 'in', (eb) =>
      eb.selectFrom('referral_external_ids').select('referral_id').where('external_id', '=', externalId),
    );
  }
  if (query.minClusterSize && query.minClusterSize > 1) {
    const size = query.minClusterSize;
    base = base.where('id', 'in', (eb) =>
      eb
        .selectFrom('referral_clusters as rc')
        .innerJoin('clusters as c', 'c.id', 'rc.cluster_id')
        .select('rc.referral_id')
        .where('c.size', '>=', size),
    );
  }
  if (query.q) {
    const q = query.q.trim();
    const lower = q.toLowerCase();
    // One list of matching ids (a union, each part on its own index), so the planner looks them up rather than
    // testing every referral of the queue against each part. Keyed identifiers are stored as "service:name":
    // the name matches on any service (the expression index referral_identifiers_name).
    base = base.where(
      'id',
      'in',
      sql<string>`(
        select id from referrals where reference = ${q.toUpperCase()}
        union select referral_id from referral_external_ids where external_id = ${q}
        union select referral_id from referral_identifiers where value in (${q}, ${lower})
        union select referral_id from referral_identifiers
          where substr(value, strpos(value, ':') + 1) = ${lower})`,
    );
  }
  const count = await cappedCount(db, base);
  let rows = base.selectAll();
  const direction = query.order;
  if (query.sort === 'priority') {
    // Descending is most urgent first: P1 before P2, least time left first, newest first (the index's order).
    const reverse = direction === 'asc';
    rows = rows
      .orderBy('band', reverse ? 'desc' : 'asc')
      .orderBy('due_at', (ob) => (reverse ? ob.desc().nullsFirst() : ob.asc().nullsLast()))
      .orderBy('received_at', reverse ? 'asc' : 'desc');
  } else {
    rows = rows.orderBy(SORT_COLUMNS[query.sort], direction);
  }
  const page = await rows
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows: page, ...count };
}

/** Summaries of referral rows, with their assignees (one query for all). */
export async function toSummaries(db: Db, rows: ReferralRow[]): Promise<ReferralSummary[]> {
  const ids = [...new Set(rows.map((r) => r.assigned_to).filter((id): id is string => id !== null))];
  const users = ids.length
    ? await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(
    users.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name }]),
  );
  return rows.map((row) => toSummary(row, row.assigned_to ? (byId.get(row.assigned_to) ?? null) : null));
}

function toSummary(row: ReferralRow, assignee: ReferralSummary['assignee']): ReferralSummary {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source as ReferralSummary['source'],
    status: row.status as ReferralSummary['status'],
    receivedAt: row.received_at.toISOString(),
    incidentType: row.incident_type as ReferralSummary['incidentType'],
    band: row.band as ReferralSummary['band'],
    score: row.priority_score,
    overridden: row.override_band !== null,
    dueAt: row.due_at?.toISOString() ?? null,
    topFactors: (row.priority_factors as ReferralSummary['topFactors']).slice(0, 3),
    flags: row.priority_flags as ReferralSummary['flags'],
    country: row.country,
    region: row.region,
    routedTo: row.routed_to,
    reporterName: row.reporter_name,
    identifierCount: row.identifier_count,
    fileCount: row.file_count,
    assignee,
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

export async function findVictimsOfReferral(db: Db, id: string) {
  return db
    .selectFrom('referral_victims')
    .select(['pseudonym', 'age_years', 'age_estimate', 'sex', 'country', 'region'])
    .where('referral_id', '=', id)
    .orderBy('victim_index')
    .execute();
}

/** Information added to a referral after intake, oldest first. */
export async function findNotesOfReferral(db: Db, id: string) {
  return db
    .selectFrom('referral_notes')
    .select(['created_at', 'source', 'text'])
    .where('referral_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
