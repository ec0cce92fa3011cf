import { hasPermission } from '@sinag/core';
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { custodyChecks, loadEvidence, mayReadRestricted } from './evidence.ts';
import { loadProsecution } from './prosecution.ts';
import { renderCaseReport, type CaseReportData } from './report-pdf.ts';
import { onCase } from './work.ts';

/**
 * Timeline events the report leaves out for this reader: restricted evidence unless they may see it,
 * operations unless on the team, aftercare unless a social worker (each part has its own audience).
 */
function eventAudience(actor: Actor, onTeam: boolean, restricted: boolean) {
  const hidden = [
    ...(restricted ? [] : ['restricted']),
    ...(onTeam ? [] : ['operation']),
    ...(hasPermission(actor.role, 'aftercare:read') ? [] : ['aftercare', 'placement']),
  ];
  return (kind: string) => !hidden.includes(kind.split('.')[0]!);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** The newest audit entries of a case the report lists, oldest first. */
const AUDIT_LIMIT = 5000;

/** The audit entries on a case and on its parts (which name it in `details.caseId`), newest first. */
export function caseAuditEntries(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_name', 'action', 'entity_type', 'entity_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'case'), eb('entity_id', '=', caseId)]),
        eb(sql<string>`details->>'caseId'`, '=', caseId),
      ]),
    )
    .orderBy('seq', 'desc')
    .limit(AUDIT_LIMIT);
}

export interface CaseReportBundle {
  fileName: string;
  zip: Uint8Array;
  pdfSha256: string;
}

/**
 * The court-ready report of a case as a zip: report.pdf, the same facts as JSON, and manifest.json with the
 * SHA-256 of each file. Redacted: victims by pseudonym only, audit entries without their details. The export
 * and every file's hash go into the audit log in the same transaction.
 */
export async function caseReport(
  services: Services,
  actor: Actor,
  caseId: string,
): Promise<CaseReportBundle> {
  return onCase(services, actor, caseId, {}, async (trx, access) => {
    const restricted = mayReadRestricted(actor, access);
    const shown = eventAudience(actor, access.onTeam, restricted);
    const base = await trx
      .selectFrom('cases')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .select(['cases.title', 'cases.template', 'organisations.name as organisation'])
      .where('cases.id', '=', caseId)
      .executeTakeFirstOrThrow();
    const referrals = await trx
      .selectFrom('case_referrals')
      .innerJoin('referrals', 'referrals.id', 'case_referrals.referral_id')
      .select('referrals.reference')
      .where('case_referrals.case_id', '=', caseId)
      .orderBy('referrals.reference')
      .execute();
    const timeline = await trx
      .selectFrom('case_events')
      .select(['at', 'actor_name', 'kind', 'summary'])
      .where('case_id', '=', caseId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const audit = await caseAuditEntries(trx, caseId).execute();
    const data: CaseReportData = {
      reference: access.reference,
      title: base.title,
      status: access.status,
      classification: access.classification,
      template: base.template,
      organisation: base.organisation,
      referrals: referrals.map((r) => r.reference),
      generatedAt: new Date().toISOString(),
      generatedBy: actor.username,
      prosecution: await loadProsecution(trx, caseId, { restricted }),
      evidence: await loadEvidence(trx, caseId, { restricted }),
      custodyChecks: await custodyChecks(trx, caseId, restricted),
      timeline: timeline
        .filter((t) => shown(t.kind))
        .map((t) => ({
          at: t.at.toISOString(),
          actor: t.actor_name,
          kind: t.kind,
          summary: t.summary,
        })),
      audit: audit.reverse().map((a) => ({
        seq: Number(a.seq),
        at: a.at.toISOString(),
        actor: a.actor_name,
        action: a.action,
        entityType: a.entity_type,
        entityId: a.entity_id,
      })),
    };
    const pdf = new Uint8Array(await renderCaseReport(data));
    const files: Record<string, Uint8Array> = {
      'report.pdf': pdf,
      'case.json': json({
        reference: data.reference,
        title: data.title,
        status: data.status,
        classification: data.classification,
        template: data.template,
        organisation: data.organisation,
        referrals: data.referrals,
      }),
      'prosecution.json': json(data.prosecution),
      'evidence.json': json({ items: data.evidence, custodyChecks: data.custodyChecks }),
      'timeline.json': json(data.timeline),
      'audit.json': json(data.audit),
    };
    const manifest = {
      case: data.reference,
      generatedAt: data.generatedAt,
      generatedBy: data.generatedBy,
      redacted: true,
      files: Object.entries(files).map(([name, bytes]) => ({
        name,
        bytes: bytes.length,
        sha256: sha256(bytes),
      })),
    };
    const manifestBytes = json(manifest);
    const zip = zipSync({ ...files, 'manifest.json': manifestBytes });
    const pdfSha256 = sha256(pdf);
    return {
      result: { fileName: `${data.reference}-report.zip`, zip, pdfSha256 },
      audit: [
        {
          action: 'case.report',
          details: {
            redacted: true,
            restrictedIncluded: restricted,
            pdfSha256,
            manifestSha256: sha256(manifestBytes),
            zipSha256: sha256(zip),
            files: manifest.files.map(({ name, sha256: hash }) => ({ name, sha256: hash })),
          },
        },
      ],
    };
  });
}
