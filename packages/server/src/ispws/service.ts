import {
  mapCyberTiplineReport,
  mapFileDetails,
  ReferralFile,
  ReferralInput,
  type MappedFileDetails,
  type XmlNode,
} from '@sinag/core';
import type { Selectable, Transaction } from 'kysely';
import { randomBytes } from 'node:crypto';
import { appendAudit, auditActor, auditInserts, type AuditEvent } from '../audit/log.ts';
import { executeTogether, type Statement } from '../db/together.ts';
import { validateCyberTiplineXml } from '../cybertipline/validate.ts';
import type { Database, IspwsFilesTable, IspwsReportsTable } from '../db/schema.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import { prepareReferral, type PreparedReferral } from '../referrals/prepare.ts';
import { documentHash, insertReferrals, type SourceDocument } from '../referrals/repository.ts';
import type { Services } from '../services.ts';
import type { IspwsCaller } from './auth.ts';
import type { FileDigest } from './digest.ts';
import {
  findDuplicateOrNextId,
  findFile,
  findFiles,
  findReport,
  findUndescribedCopy,
  insertFile,
  insertReport,
  lockDocument,
  markFinished,
  markRetracted,
  setFileDetails,
} from './repository.ts';
import { IspwsError } from './responses.ts';
import { encryptionContext } from '../vault/contexts.ts';

/** The `system` of a referral's external id that is the /ispws reportId. */
export const ISPWS_ID_SYSTEM = 'ispws';
/** A platform resending the same document within this window gets the first report's id back. */
export const DUPLICATE_WINDOW_HOURS = 24;
/** As many files as a referral can hold. */
const MAX_FILES = 10_000;
const MAX_REPORT_ID = 9223372036854775807n; // xs:long

type ReportRow = Selectable<IspwsReportsTable>;
type FileRow = Selectable<IspwsFilesTable>;
type ReferralFileInput = NonNullable<ReferralInput['files']>[number];

const reportContext = encryptionContext.ispwsReport;
const detailsContext = encryptionContext.ispwsFileDetails;

/**
 * A report id as the caller sent it (the `id` form field, or a fileDetails `reportId`), in canonical form.
 * Not a number at all is a 4000; a number no report can have is simply a report that does not exist.
 */
export function parseReportId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^\s*\+?\d{1,25}\s*$/.test(value)) {
    throw new IspwsError(4000, `${what} must be the reportId that submit returned (a number).`);
  }
  const id = BigInt(value.trim());
  if (id < 1n || id > MAX_REPORT_ID) throw new IspwsError(5001, `there is no report ${id}.`);
  return id.toString();
}

function validated(xml: string, root: 'report' | 'fileDetails'): XmlNode {
  const result = validateCyberTiplineXml(xml, root);
  if (!result.ok) throw new IspwsError(result.code, result.message);
  return result.element;
}

/**
 * A stored document, read again for mapping through the same validating parser it passed when it arrived
 * (one parsing path for submit and finish; a stored document that no longer validates is a server error).
 */
function reparsed(xml: string, root: 'report' | 'fileDetails'): XmlNode {
  const result = validateCyberTiplineXml(xml, root);
  if (!result.ok) throw new Error(`a stored ${root} document no longer validates (${result.code})`);
  return result.element;
}

function notTakenIn(error: AppError): IspwsError {
  return new IspwsError(4100, `the document follows the schema but cannot be taken in: ${error.message}`);
}

/** Refuses anything but an open report of the caller's platform, naming why. */
function assertOpen(report: ReportRow | undefined, reportId: string): asserts report is ReportRow {
  if (!report) {
    throw new IspwsError(5001, `your platform has no report ${reportId}.`, { reportId });
  }
  if (report.status === 'retracted') {
    throw new IspwsError(5101, `report ${reportId} was retracted at ${report.retracted_at?.toISOString()}.`, {
      reportId,
    });
  }
  if (report.status === 'finished') {
    throw new IspwsError(
      5102,
      `report ${reportId} was finished at ${report.finished_at?.toISOString()}; submit a new report for more.`,
      { reportId },
    );
  }
}

const HASH_LABELS = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', pdq: 'PDQ' } as const;

/**
 * A file of the referral: the hashes and size Sinag computed from the bytes, merged with what the platform
 * said in fileDetails (if it did). A hash the platform gave for the original file that differs from the
 * uploaded bytes' is kept as an attribute, so nothing is lost.
 */
function fileOf(row: FileRow, details?: MappedFileDetails['file']): ReferralFileInput {
  const { md5, sha1, sha256, pdq, attributes, name, ...rest } = details ?? {};
  const extra = { ...attributes };
  const given = { md5, sha1, sha256, pdq };
  for (const algorithm of ['md5', 'sha1', 'sha256', 'pdq'] as const) {
    const value = given[algorithm];
    // A platform's PDQ stands when the upload was not an image Sinag could hash.
    const ours = algorithm === 'pdq' ? (row.pdq ?? value) : row[algorithm];
    if (value && value !== ours && !Object.values(extra).includes(value))
      extra[`originalFileHash ${HASH_LABELS[algorithm]}`] = value;
  }
  const fileName = name ?? row.file_name ?? undefined;
  return {
    ...rest,
    sourceFileId: row.file_id,
    ...(fileName ? { name: fileName } : {}),
    md5: row.md5,
    sha1: row.sha1,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    ...(row.pdq
      ? { pdq: row.pdq, pdqQuality: row.pdq_quality!, pdqDihedral: row.pdq_dihedral! }
      : pdq
        ? { pdq }
        : {}),
    ...(row.media_type ? { mediaType: row.media_type } : {}),
    ...(Object.keys(extra).length ? { attributes: extra } : {}),
  };
}

/** The referral a report (and its files) becomes; a 4100 naming the field if it cannot be one. */
function referralOf(
  services: Services,
  caller: IspwsCaller,
  report: XmlNode,
  context: { reportId: string; receivedAt: string },
  files: { row: FileRow; details?: MappedFileDetails['file'] }[],
): PreparedReferral {
  const input = mapCyberTiplineReport(report, { platformName: caller.organisationName, ...context });
  // Sinag issued this id, not NCMEC: its own namespace, so it is never mistaken for a CyberTip number.
  input.externalIds = [{ system: ISPWS_ID_SYSTEM, id: context.reportId }];
  input.files = files.map((f) => fileOf(f.row, f.details));
  const result = ReferralInput.safeParse(input);
  if (!result.success) throw notTakenIn(fromZodError(result.error));
  try {
    return prepareReferral(result.data, services);
  } catch (error) {
    if (error instanceof AppError) throw notTakenIn(error);
    throw error;
  }
}

const reportEvent = (action: string, reportId: string, details = {}): AuditEvent => ({
  action,
  entityType: 'ispws_report',
  entityId: reportId,
  details,
});

/** Runs a step's write with its audit entries, as one statement. */
function audited<R>(
  trx: Transaction<Database>,
  caller: IspwsCaller,
  events: AuditEvent[],
  write: Statement<R>,
): Promise<R[]> {
  return executeTogether(trx, auditInserts(trx, auditActor(caller.actor), events), write);
}

/**
 * POST /ispws/submit: a `report` document, validated against the schema and checked to map into a referral,
 * stored encrypted as an open report. The same document from the same platform within 24 hours (and not
 * retracted) is the same report: its id is returned again.
 */
export async function submitReport(
  services: Services,
  caller: IspwsCaller,
  xml: string,
): Promise<{ reportId: string; replayed: boolean }> {
  const element = validated(xml, 'report');
  // A dry run of the mapping: a report that can never become a referral is refused now, not at finish.
  referralOf(services, caller, element, { reportId: '1', receivedAt: new Date().toISOString() }, []);
  const { actor } = caller;
  const sha256 = documentHash(xml);
  return services.db.transaction().execute(async (trx) => {
    await lockDocument(trx, actor.organisationId, sha256);
    const { duplicate, next: reportId } = await findDuplicateOrNextId(
      trx,
      actor.organisationId,
      sha256,
      DUPLICATE_WINDOW_HOURS,
    );
    if (duplicate) {
      await appendAudit(trx, auditActor(actor), [reportEvent('ispws.submit', duplicate, { replayed: true })]);
      return { reportId: duplicate, replayed: true };
    }
    await audited(
      trx,
      caller,
      [reportEvent('ispws.submit', reportId, { replayed: false })],
      insertReport(trx, {
        reportId,
        organisationId: actor.organisationId,
        userId: actor.userId,
        documentSha256: sha256,
        documentCiphertext: services.vault.encrypt(xml, reportContext(reportId)),
      }),
    );
    return { reportId, replayed: false };
  });
}

/** Fails fast (before a file is read) when the report cannot take files. */
export async function checkReportOpen(services: Services, caller: IspwsCaller, reportId: string) {
  assertOpen(await findReport(services.db, caller.actor.organisationId, reportId), reportId);
}

/**
 * POST /ispws/upload, once the bytes have been hashed and let go: records the file's hashes, size and
 * content type under a new opaque fileId. A retry (the same bytes under the same name, to the same report,
 * not yet described by a fileinfo) gets the first upload's fileId back instead of a second file: a client whose
 * answer was lost never learnt that fileId, so it cannot have described it.
 */
export async function addFile(
  services: Services,
  caller: IspwsCaller,
  reportId: string,
  file: FileDigest & { fileName: string | null; mediaType: string | null },
): Promise<{ fileId: string; replayed: boolean }> {
  return services.db.transaction().execute(async (trx) => {
    assertOpen(await findReport(trx, caller.actor.organisationId, reportId, true), reportId);
    const earlier = await findUndescribedCopy(trx, reportId, file);
    if (earlier) {
      await appendAudit(trx, auditActor(caller.actor), [
        reportEvent('ispws.upload', reportId, { fileId: earlier, replayed: true }),
      ]);
      return { fileId: earlier, replayed: true };
    }
    const fileId = randomBytes(16).toString('hex');
    const [inserted] = await audited(
      trx,
      caller,
      [reportEvent('ispws.upload', reportId, { fileId, sizeBytes: file.sizeBytes })],
      insertFile({ ...file, fileId, reportId }),
    );
    // Past the limit the whole transaction, audit entry included, rolls back.
    if (inserted!.file_index >= MAX_FILES)
      throw new IspwsError(4000, `a report holds at most ${MAX_FILES} files.`, { reportId });
    return { fileId, replayed: false };
  });
}

/**
 * POST /ispws/fileinfo: a `fileDetails` document about an uploaded file, validated and stored encrypted.
 * Sending it again for the same file replaces it.
 */
export async function describeFile(
  services: Services,
  caller: IspwsCaller,
  xml: string,
): Promise<{ reportId: string; fileId: string }> {
  const mapped = mapFileDetails(validated(xml, 'fileDetails'));
  const reportId = parseReportId(mapped.reportId, 'reportId');
  const fileId = mapped.fileId ?? '';
  return services.db.transaction().execute(async (trx) => {
    assertOpen(await findReport(trx, caller.actor.organisationId, reportId, true), reportId);
    const file = await findFile(trx, reportId, fileId);
    if (!file) {
      throw new IspwsError(
        5002,
        `report ${reportId} has no file ${fileId}: upload the file first and use the fileId the upload returned.`,
        { reportId },
      );
    }
    const check = ReferralFile.safeParse(fileOf(file, mapped.file));
    if (!check.success) throw notTakenIn(fromZodError(check.error, 'file'));
    await audited(
      trx,
      caller,
      [reportEvent('ispws.fileinfo', reportId, { fileId, replaced: file.details_sha256 !== null })],
      setFileDetails(trx, fileId, {
        sha256: documentHash(xml),
        ciphertext: services.vault.encrypt(xml, detailsContext(fileId)),
      }),
    );
    return { reportId, fileId };
  });
}

/**
 * POST /ispws/finish: the report and its files become one referral in the intake queue, in one transaction
 * with its audit entries and the report's new status; if anything fails, nothing is written and the report
 * stays open. The referral keeps the original documents (encrypted), after a receipt of what Sinag received.
 */
export async function finishReport(
  services: Services,
  caller: IspwsCaller,
  reportId: string,
): Promise<{ reportId: string; fileIds: string[]; referralId: string }> {
  const { actor } = caller;
  const { vault } = services;
  const organisationId = caller.owningOrganisationId;
  return services.db.transaction().execute(async (trx) => {
    const report = await findReport(trx, actor.organisationId, reportId, true);
    assertOpen(report, reportId);
    const files = await findFiles(trx, reportId);
    const reportXml = vault.decrypt(report.document_ciphertext, reportContext(reportId));
    const detailsXml = files.map((f) =>
      f.details_ciphertext ? vault.decrypt(f.details_ciphertext, detailsContext(f.file_id)) : undefined,
    );
    const finishedAt = new Date();
    const prepared = referralOf(
      services,
      caller,
      reparsed(reportXml, 'report'),
      { reportId, receivedAt: report.submitted_at.toISOString() },
      files.map((row, i) => ({
        row,
        details: detailsXml[i] ? mapFileDetails(reparsed(detailsXml[i], 'fileDetails')).file : undefined,
      })),
    );
    const documents: SourceDocument[] = [
      {
        kind: 'ispws-receipt',
        mediaType: 'application/json',
        content: receipt(caller, report, files, finishedAt),
      },
      { kind: 'cybertipline-report', mediaType: 'application/xml', content: reportXml },
      ...detailsXml.flatMap((content) =>
        content ? [{ kind: 'cybertipline-file-details', mediaType: 'application/xml', content }] : [],
      ),
    ];
    // The referral, the report's new status and the audit entries: one statement.
    const [created] = await insertReferrals(
      trx,
      vault,
      [{ ...prepared, organisationId, createdBy: actor.userId, documents }],
      ([referralId]) => [
        markFinished(trx, reportId, referralId!, finishedAt),
        ...auditInserts(trx, auditActor(actor), [
          {
            action: 'referral.create',
            entityType: 'referral',
            entityId: referralId!,
            details: { source: 'cybertipline', organisationId, ispwsReportId: reportId },
          },
          reportEvent('ispws.finish', reportId, {
            referralId,
            files: files.length,
            described: detailsXml.filter(Boolean).length,
          }),
        ]),
      ],
    );
    return { reportId, fileIds: files.map((f) => f.file_id), referralId: created!.id };
  });
}

/**
 * What Sinag received, as the first document of the referral: who sent the report and when, and the
 * hashes it computed from each file's bytes at upload (the bytes themselves were not kept). It also makes
 * the referral's first document unique to this report, as `referral_documents_once` requires, even when
 * the same report document arrives twice (after 24 hours, or from two platforms).
 */
function receipt(caller: IspwsCaller, report: ReportRow, files: FileRow[], finishedAt: Date): string {
  return JSON.stringify({
    api: 'ispws',
    reportId: String(report.report_id),
    platform: { organisationId: caller.actor.organisationId, name: caller.organisationName },
    submittedBy: { userId: report.user_id },
    submittedAt: report.submitted_at.toISOString(),
    finishedBy: { userId: caller.actor.userId, username: caller.actor.username },
    finishedAt: finishedAt.toISOString(),
    report: { sha256: report.document_sha256 },
    files: files.map((f) => ({
      fileId: f.file_id,
      fileName: f.file_name,
      mediaType: f.media_type,
      sizeBytes: Number(f.size_bytes),
      md5: f.md5,
      sha1: f.sha1,
      sha256: f.sha256,
      uploadedAt: f.uploaded_at.toISOString(),
      fileDetailsSha256: f.details_sha256,
    })),
  });
}

/** POST /ispws/retract: the report will never become a referral. */
export async function retractReport(
  services: Services,
  caller: IspwsCaller,
  reportId: string,
): Promise<{ reportId: string }> {
  return services.db.transaction().execute(async (trx) => {
    assertOpen(await findReport(trx, caller.actor.organisationId, reportId, true), reportId);
    await audited(trx, caller, [reportEvent('ispws.retract', reportId)], markRetracted(trx, reportId));
    return { reportId };
  });
}
