import {
  CyberTipImportRequest,
  mapCyberTipJson,
  mapFileDetails,
  mapCyberTiplineReport,
  readCyberTipJson,
  ReferralInput,
  child,
  text,
  type CyberTipImportResponse,
  type ImportCounts,
  type ImportResult,
  type ReferralFile,
} from '@sinag/core';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { appendAudit, type AuditActor, type AuditEvent } from '../audit/log.ts';
import { validateCyberTiplineXml } from '../cybertipline/validate.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import { prepareReferral, type PreparedReferral } from '../referrals/prepare.ts';
import { documentHash, type SourceDocument } from '../referrals/repository.ts';
import { storePreparedReferrals } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import { isUniqueViolation } from '../db/errors.ts';

/** Kinds of the original documents kept with an imported referral; the first is the exactly-once key. */
export const DOCUMENT_KINDS = {
  'cybertipline-xml': 'cybertipline-report',
  'cybertip-json': 'cybertip-json',
} as const;
export const FILE_DETAILS_KIND = 'cybertipline-file-details';

/** Who the imported referrals belong to, and who the audit log names. */
export interface ImportActor {
  owner: { organisationId: string; createdBy: string | null };
  by: AuditActor;
}

/** A document on its way through the import: its outcome once known, its referral while it has one. */
interface Item {
  doc: z.output<typeof CyberTipImportRequest>['documents'][number];
  hash: string;
  kind: string;
  result?: ImportResult;
  reportId?: string;
  prepared?: PreparedReferral;
  documents?: SourceDocument[];
  /** The earlier item of the batch this one repeats (same content, or same CyberTip id). */
  repeatOf?: { item: Item; why: string };
}

/** Stages of an import, timed when a caller asks (the benchmark does). */
export type ImportStage = 'dedupe' | 'validate-map' | 'prepare' | 'store';

export interface ImportOptions {
  onStage?: (stage: ImportStage, ms: number) => void;
}

/**
 * Imports a batch of CyberTips (CyberTipline `report` XML with its `fileDetails`, or NCMEC's JSON export).
 *
 * 1. A document already stored (same kind and SHA-256 as the first document of some referral) is
 *    `already-present` without being parsed again, so a rerun of an import costs little.
 * 2. The rest are validated (XML against the CyberTipline schema, JSON against the export schema) and mapped
 *    into the canonical referral; a document that fails is `rejected` with the reason.
 * 3. A CyberTip whose id (`cybertipline:<reportId>`) is already held — imported before in either format — is
 *    `already-present` too.
 * 4. The others are checked against the canonical model and normalised (once: they are stored prepared).
 * 5. The new ones are stored in one transaction (each referral audited, the original documents kept
 *    encrypted), together with one `import.cybertip` audit entry for the batch (counts only, never content or
 *    names). If another import stored one of them meanwhile, the unique index refuses the batch and each is
 *    stored on its own, so each gets its own status.
 *
 * A document repeated within the batch (same content, or the same CyberTip id) shares the outcome of its
 * first occurrence: `already-present` once that is stored, `rejected` with it if that is refused.
 * With `dryRun`, steps 1–4 run and nothing is stored: new, valid documents are `valid`.
 */
export async function importCyberTips(
  services: Services,
  actor: ImportActor,
  request: CyberTipImportRequest,
  options: ImportOptions = {},
): Promise<CyberTipImportResponse> {
  const parsed = CyberTipImportRequest.safeParse(request);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { documents, dryRun } = parsed.data;
  let t = performance.now();
  const lap = (stage: ImportStage) => {
    const now = performance.now();
    options.onStage?.(stage, now - t);
    t = now;
  };

  const items: Item[] = documents.map((doc) => ({
    doc,
    kind: DOCUMENT_KINDS[doc.format],
    hash: documentHash(doc.content),
  }));
  markRepeats(
    items,
    (item) => `${item.kind}:${item.hash}`,
    (first) => `the same document as ${first.doc.name}`,
  );
  await markStoredDocuments(services, actor, items);
  lap('dedupe');
  const mapped = new Map<Item, ReferralInput>();
  for (const item of open(items)) {
    const referral = validateAndMap(item);
    if (referral) mapped.set(item, referral);
  }
  lap('validate-map');
  await markKnownCyberTips(services, actor, items);
  lap('dedupe');
  for (const item of open(items)) prepare(services, item, mapped.get(item)!);
  markRepeats(
    items.filter((item) => item.reportId),
    (item) => item.reportId!,
    (first) => `CyberTip ${first.reportId} is also in ${first.doc.name}`,
  );
  lap('prepare');

  const fresh = open(items);
  /** The batch's own audit entry: what was sent and what became of it, counts only. */
  const batchEvent = (): AuditEvent => {
    settleRepeats(items);
    return {
      action: 'import.cybertip',
      entityType: 'import',
      details: {
        dryRun,
        documents: items.length,
        xml: documents.filter((d) => d.format === 'cybertipline-xml').length,
        json: documents.filter((d) => d.format === 'cybertip-json').length,
        ...countResults(items.map((item) => item.result!)),
      },
    };
  };
  if (dryRun) for (const item of fresh) item.result = { name: item.doc.name, status: 'valid' };
  const audited = !dryRun && fresh.length > 0 && (await store(services, actor, fresh, batchEvent));
  if (!audited) await services.db.transaction().execute((trx) => appendAudit(trx, actor.by, [batchEvent()]));
  lap('store');
  settleRepeats(items);
  const results = items.map((item) => item.result!);
  return { dryRun, results, counts: countResults(results) };
}

export function countResults(results: ImportResult[]): ImportCounts {
  const counts: ImportCounts = { imported: 0, alreadyPresent: 0, rejected: 0, valid: 0 };
  for (const r of results) {
    if (r.status === 'imported') counts.imported++;
    else if (r.status === 'already-present') counts.alreadyPresent++;
    else if (r.status === 'rejected') counts.rejected++;
    else counts.valid++;
  }
  return counts;
}

/** Items whose outcome is still open (not decided, not a repeat of another). */
const open = (items: Item[]) => items.filter((item) => !item.result && !item.repeatOf);

/** Marks every open item whose key an earlier open item has as a repeat of that one. */
function markRepeats(items: Item[], key: (item: Item) => string, why: (first: Item) => string): void {
  const first = new Map<string, Item>();
  for (const item of open(items)) {
    const k = key(item);
    const earlier = first.get(k);
    if (earlier) item.repeatOf = { item: earlier, why: why(earlier) };
    else first.set(k, item);
  }
}

/** A repeat gets the outcome of its first occurrence. */
function settleRepeats(items: Item[]): void {
  for (const item of items) {
    if (!item.repeatOf) continue;
    let first = item.repeatOf.item;
    while (first.repeatOf) first = first.repeatOf.item;
    const outcome = first.result;
    if (!outcome) {
      item.result = undefined;
      continue;
    }
    item.result =
      outcome.status === 'rejected'
        ? { name: item.doc.name, status: 'rejected', reason: outcome.reason }
        : {
            name: item.doc.name,
            status: 'already-present',
            reason: item.repeatOf.why,
            ...(outcome.referralId ? { referralId: outcome.referralId, reference: outcome.reference } : {}),
          };
  }
}

type Held = { id: string; reference: string; organisation_id: string };

/** The referral a stored document or CyberTip belongs to; named only to its own organisation. */
function present(item: Item, actor: ImportActor, row: Held, why: string): void {
  item.result =
    row.organisation_id === actor.owner.organisationId
      ? {
          name: item.doc.name,
          status: 'already-present',
          reason: why,
          referralId: row.id,
          reference: row.reference,
        }
      : { name: item.doc.name, status: 'already-present', reason: `${why} (held by another organisation)` };
}

/** Values per lookup statement. */
const SLICE = 1000;

/**
 * Point lookups by key, one index probe per value (`unnest` + `lateral … limit 1`). Written so on purpose: right
 * after a bulk load the planner's statistics lag far behind (PGlite has no autovacuum at all), and a plain
 * `= any(…)` was then planned as a scan of every stored document, a cost that grew with the database.
 */
async function lookUp(services: Services, query: 'document' | 'cybertip', kind: string, keys: string[]) {
  const found = new Map<string, Held>();
  for (let i = 0; i < keys.length; i += SLICE) {
    const slice = keys.slice(i, i + SLICE);
    const match =
      query === 'document'
        ? sql`select r.id, r.reference, r.organisation_id from referral_documents d
                join referrals r on r.id = d.referral_id
               where d.kind = ${kind} and d.sha256 = k.key and d.document_index = 0 limit 1`
        : sql`select r.id, r.reference, r.organisation_id from referral_external_ids e
                join referrals r on r.id = e.referral_id
               where e.external_id = k.key and e.system = ${kind} limit 1`;
    const { rows } = await sql<Held & { key: string }>`
      select k.key, m.id, m.reference, m.organisation_id
        from unnest(cast(${slice} as text[])) as k(key)
       cross join lateral (${match}) as m`.execute(services.db);
    for (const row of rows) found.set(row.key, row);
  }
  return found;
}

/** Step 1: documents stored before, by (kind, SHA-256) — the key of the unique index. */
async function markStoredDocuments(services: Services, actor: ImportActor, items: Item[]): Promise<void> {
  const pending = open(items);
  for (const kind of new Set(pending.map((i) => i.kind))) {
    const ofKind = pending.filter((i) => i.kind === kind);
    const found = await lookUp(services, 'document', kind, [...new Set(ofKind.map((i) => i.hash))]);
    for (const item of ofKind) {
      const row = found.get(item.hash);
      if (row) present(item, actor, row, 'this document was imported before');
    }
  }
}

const reject = (item: Item, reason: string) => {
  item.result = { name: item.doc.name, status: 'rejected', reason };
};

/** Step 2: validate against the format's schema and map into the canonical referral. */
function validateAndMap(item: Item): ReferralInput | undefined {
  const mapped = item.doc.format === 'cybertipline-xml' ? mapXml(item) : mapJson(item);
  if (typeof mapped !== 'string') return mapped;
  reject(item, mapped);
  return undefined;
}

/** Step 4: check the canonical referral, normalise its identifiers (it is scored when stored). */
function prepare(services: Services, item: Item, mapped: ReferralInput): void {
  const checked = ReferralInput.safeParse(mapped);
  if (!checked.success) return reject(item, fromZodError(checked.error).message);
  try {
    item.prepared = prepareReferral(checked.data, services);
  } catch (error) {
    if (error instanceof AppError) return reject(item, error.message);
    throw error;
  }
}

function mapXml(item: Item): ReferralInput | string {
  const { doc } = item;
  const report = validateCyberTiplineXml(doc.content, 'report');
  if (!report.ok) return `${report.code}: ${report.message}`;
  const files: ReferralFile[] = [];
  const notes: string[] = [];
  const reportIds = new Set<string>();
  const documents: SourceDocument[] = [
    { kind: item.kind, mediaType: 'application/xml', content: doc.content },
  ];
  const details = doc.fileDetails ?? [];
  for (let i = 0; i < details.length; i++) {
    const checked = validateCyberTiplineXml(details[i]!, 'fileDetails');
    if (!checked.ok) return `fileDetails[${i}]: ${checked.code}: ${checked.message}`;
    const mapped = mapFileDetails(checked.element);
    if (mapped.reportId) reportIds.add(mapped.reportId);
    if (doc.reportId && mapped.reportId && mapped.reportId !== doc.reportId)
      return `fileDetails[${i}]: belongs to CyberTip ${mapped.reportId}, not ${doc.reportId}`;
    documents.push({ kind: FILE_DETAILS_KIND, mediaType: 'application/xml', content: details[i]! });
    const { file } = mapped;
    if (file.md5 || file.sha1 || file.sha256) files.push(file as ReferralFile);
    else
      notes.push(
        `File ${file.sourceFileId ?? i + 1}: its fileDetails give no hash, so it is kept in the source document only.`,
      );
  }
  if (!doc.reportId && reportIds.size > 1)
    return `the fileDetails name several CyberTips (${[...reportIds].join(', ')}); send each report with its own`;
  const reportId = doc.reportId ?? [...reportIds][0];
  const summary = child(report.element, 'incidentSummary');
  const referral = mapCyberTiplineReport(report.element, {
    // A report names its platform only optionally; the submitting account is not in the document.
    platformName: text(child(summary, 'platform')) ?? 'Unknown platform',
    reportId,
    source: 'cybertip-export',
  });
  referral.files = files;
  if (notes.length) referral.notes = [referral.notes, ...notes].filter(Boolean).join('\n');
  item.reportId = reportId;
  item.documents = documents;
  return referral;
}

function mapJson(item: Item): ReferralInput | string {
  const { doc } = item;
  if (doc.fileDetails?.length) return 'fileDetails belong to XML reports, not to JSON exports';
  const read = readCyberTipJson(doc.content);
  if (!read.ok) return read.message;
  item.reportId = read.doc.reportId.trim();
  item.documents = [{ kind: item.kind, mediaType: 'application/json', content: doc.content }];
  return mapCyberTipJson(read.doc);
}

/** Step 3: CyberTips already held under their id, imported before in either format. */
async function markKnownCyberTips(services: Services, actor: ImportActor, items: Item[]): Promise<void> {
  const pending = open(items).filter((i) => i.reportId);
  const found = await lookUp(services, 'cybertip', 'cybertipline', [
    ...new Set(pending.map((i) => i.reportId!)),
  ]);
  for (const item of pending) {
    const row = found.get(item.reportId!);
    if (row) present(item, actor, row, `CyberTip ${item.reportId} is already held`);
  }
}

/**
 * Step 4: all in one transaction, with the batch's audit entry (returns true); after losing a race on the
 * unique index, one by one (returns false: the caller audits the batch).
 */
async function store(
  services: Services,
  actor: ImportActor,
  fresh: Item[],
  batchEvent: () => AuditEvent,
): Promise<boolean> {
  const bulk = (batch: Item[], alsoInTransaction?: Parameters<typeof storePreparedReferrals>[4]) =>
    storePreparedReferrals(
      services,
      actor.owner,
      actor.by,
      batch.map((item) => ({ ...item.prepared!, documents: item.documents })),
      alsoInTransaction,
    );
  const imported = (item: Item, created: { id: string; reference: string }) => {
    item.result = {
      name: item.doc.name,
      status: 'imported',
      referralId: created.id,
      reference: created.reference,
    };
  };
  try {
    await bulk(fresh, async (trx, created) => {
      fresh.forEach((item, i) => imported(item, created[i]!));
      await appendAudit(trx, actor.by, [batchEvent()]);
    });
    return true;
  } catch (error) {
    for (const item of fresh) item.result = undefined;
    if (!isUniqueViolation(error)) throw error;
  }
  for (const item of fresh) {
    try {
      const [created] = await bulk([item]);
      imported(item, created!);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await markStoredDocuments(services, actor, [item]);
      item.result ??= {
        name: item.doc.name,
        status: 'already-present',
        reason: 'stored meanwhile by another import',
      };
    }
  }
  return false;
}
