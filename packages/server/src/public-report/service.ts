import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendAudit, type AuditActor } from '../audit/log.ts';
import { createReferralsBulk } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import { intakeOrganisationId } from '../users/service.ts';
import type { ValidFollowUp, ValidReport } from './form.ts';
import {
  findByCodeHash,
  findSubmission,
  insertFollowUp,
  insertFollowUpCode,
  insertSubmission,
} from './repository.ts';
import { isUniqueViolation } from '../db/errors.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The audit log's name for whoever sent the public form: anonymous, known only by address. */
export function publicActor(ip: string | null): AuditActor {
  return { userId: null, name: 'public-form', organisationId: null, ip };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A token the form carries, so a resubmission of the same page is recognised. */
export function newSubmissionToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A follow-up code, e.g. K7Q2-M9TD-X3PA: 12 characters from 32 that are hard to confuse (no 0/O, 1/I),
 * 60 bits of randomness. Only its SHA-256 is stored.
 */
export function newFollowUpCode(): string {
  // 256 is a multiple of 32, so `b % 32` picks every character equally often.
  const chars = Array.from(randomBytes(12), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The stored form of a code: separators dropped, upper-case, hashed. */
export function followUpCodeHash(code: string): string {
  return sha256(code.toUpperCase().replace(/[\s-]/g, ''));
}

export type ReportOutcome =
  | { kind: 'created'; id: string; reference: string; code: string }
  | { kind: 'replayed'; id: string; reference: string };

/**
 * Stores a public report as a referral of the intake organisation, with the submission as its source document,
 * its follow-up code (hashed) and its submission token (hashed) — all in one transaction with the audit entry.
 * The same token again finds the first referral instead of creating another.
 */
export async function submitReport(
  services: Services,
  ip: string | null,
  report: ValidReport,
): Promise<ReportOutcome> {
  const tokenHash = sha256(report.token);
  const earlier = await findSubmission(services.db, tokenHash, 'report');
  if (earlier) return { kind: 'replayed', ...earlier };

  const code = newFollowUpCode();
  const organisationId = await intakeOrganisationId(services);
  const document = {
    kind: 'public-report',
    mediaType: 'application/json',
    content: JSON.stringify({
      form: 'public-report',
      version: 1,
      receivedAt: report.input.receivedAt,
      submission: tokenHash,
      fields: report.fields,
    }),
  };
  try {
    const [created] = await createReferralsBulk(
      services,
      { organisationId, createdBy: null },
      publicActor(ip),
      [{ data: report.input, documents: [document] }],
      async (trx, [referral]) => {
        await insertSubmission(trx, tokenHash, 'report', referral!.id);
        await insertFollowUpCode(trx, followUpCodeHash(code), referral!.id);
      },
    );
    return { kind: 'created', ...created!, code };
  } catch (error) {
    // Two copies of one submission at once: the loser finds the winner's referral.
    if (isUniqueViolation(error)) {
      const winner = await findSubmission(services.db, tokenHash, 'report');
      if (winner) return { kind: 'replayed', ...winner };
    }
    throw error;
  }
}

export type FollowUpOutcome =
  { kind: 'added'; reference: string } | { kind: 'replayed'; reference: string } | { kind: 'wrong-code' };

export const FOLLOW_UP_NOTE_SOURCE = 'public-follow-up';

/** Adds a reporter's follow-up to the referral its code belongs to: a note, a source document, an audit entry. */
export async function addFollowUp(
  services: Services,
  ip: string | null,
  followUp: ValidFollowUp,
): Promise<FollowUpOutcome> {
  const tokenHash = sha256(followUp.token);
  const earlier = await findSubmission(services.db, tokenHash, 'follow-up');
  if (earlier) return { kind: 'replayed', reference: earlier.reference };

  const codeHash = followUpCodeHash(followUp.code);
  const found = await findByCodeHash(services.db, codeHash);
  // The lookup is by the hash of a 60-bit random code, so its timing says nothing about a code; the
  // comparison is constant-time all the same.
  if (!found || !timingSafeEqual(Buffer.from(found.code_hash, 'hex'), Buffer.from(codeHash, 'hex'))) {
    return { kind: 'wrong-code' };
  }
  const receivedAt = new Date().toISOString();
  const document = {
    kind: 'public-report-follow-up',
    mediaType: 'application/json',
    content: JSON.stringify({
      form: 'public-report-follow-up',
      version: 1,
      receivedAt,
      submission: tokenHash,
      fields: followUp.fields,
    }),
  };
  try {
    await services.db.transaction().execute(async (trx) => {
      const { documentIndex } = await insertFollowUp(trx, services.vault, found.id, document, {
        source: FOLLOW_UP_NOTE_SOURCE,
        text: followUp.text,
      });
      await insertSubmission(trx, tokenHash, 'follow-up', found.id);
      await appendAudit(trx, publicActor(ip), [
        {
          action: 'referral.note.add',
          entityType: 'referral',
          entityId: found.id,
          details: { source: FOLLOW_UP_NOTE_SOURCE, documentIndex },
        },
      ]);
    });
    return { kind: 'added', reference: found.reference };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await findSubmission(services.db, tokenHash, 'follow-up');
      if (winner) return { kind: 'replayed', reference: winner.reference };
    }
    throw error;
  }
}
