import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { documentHash, type SourceDocument } from '../referrals/repository.ts';
import type { Vault } from '../vault/vault.ts';
import { encryptionContext } from '../vault/contexts.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type SubmissionKind = 'report' | 'follow-up';

/** What an earlier submission with this token created, if any. */
export async function findSubmission(db: Db, tokenHash: string, kind: SubmissionKind) {
  return db
    .selectFrom('public_submissions')
    .innerJoin('referrals', 'referrals.id', 'public_submissions.referral_id')
    .select(['referrals.id', 'referrals.reference'])
    .where('public_submissions.token_hash', '=', tokenHash)
    .where('public_submissions.kind', '=', kind)
    .executeTakeFirst();
}

export async function insertSubmission(
  trx: Transaction<Database>,
  tokenHash: string,
  kind: SubmissionKind,
  referralId: string,
): Promise<void> {
  await trx
    .insertInto('public_submissions')
    .values({ token_hash: tokenHash, kind, referral_id: referralId })
    .execute();
}

export async function insertFollowUpCode(
  trx: Transaction<Database>,
  codeHash: string,
  referralId: string,
): Promise<void> {
  await trx
    .insertInto('public_report_codes')
    .values({ code_hash: codeHash, referral_id: referralId })
    .execute();
}

export async function findByCodeHash(db: Db, codeHash: string) {
  return db
    .selectFrom('public_report_codes')
    .innerJoin('referrals', 'referrals.id', 'public_report_codes.referral_id')
    .select(['public_report_codes.code_hash', 'referrals.id', 'referrals.reference'])
    .where('public_report_codes.code_hash', '=', codeHash)
    .executeTakeFirst();
}

/**
 * Adds a follow-up to a referral: the submission as a further source document (encrypted, bound to its
 * referral and index like the first) and a note analysts read. The referral row is locked, so two follow-ups
 * at once get consecutive document numbers.
 */
export async function insertFollowUp(
  trx: Transaction<Database>,
  vault: Vault,
  referralId: string,
  document: SourceDocument,
  note: { source: string; text: string },
): Promise<{ documentIndex: number }> {
  await trx.selectFrom('referrals').select('id').where('id', '=', referralId).forUpdate().execute();
  const last = await trx
    .selectFrom('referral_documents')
    .select((eb) => eb.fn.max('document_index').as('n'))
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
  const documentIndex = last?.n == null ? 0 : Number(last.n) + 1;
  await trx
    .insertInto('referral_documents')
    .values({
      referral_id: referralId,
      document_index: documentIndex,
      kind: document.kind,
      media_type: document.mediaType,
      sha256: documentHash(document.content),
      content_ciphertext: vault.encrypt(
        document.content,
        encryptionContext.referralDocument(referralId, documentIndex),
      ),
    })
    .execute();
  await trx
    .insertInto('referral_notes')
    .values({ referral_id: referralId, source: note.source, text: note.text })
    .execute();
  return { documentIndex };
}
