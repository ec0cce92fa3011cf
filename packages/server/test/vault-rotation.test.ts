import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActor } from '../src/audit/log.ts';
import type { IspwsCaller } from '../src/ispws/auth.ts';
import { addFile, describeFile, finishReport, submitReport } from '../src/ispws/service.ts';
import { owningOrganisation } from '../src/referrals/service.ts';
import { encryptionContext } from '../src/vault/contexts.ts';
import { rotateVault } from '../src/vault/rotate.ts';
import { Vault } from '../src/vault/vault.ts';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
} from './helpers.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const CHILD_NAME = 'Rotation-Test-Child';

/** Every column Sinag encrypts, with how many of its values are not under `keyId`. */
async function notUnder(ctx: TestContext, keyId: string) {
  const columns = [
    ['referral_victims', 'identity_ciphertext'],
    ['referral_documents', 'content_ciphertext'],
    ['ispws_reports', 'document_ciphertext'],
    ['ispws_files', 'details_ciphertext'],
  ];
  const counts: Record<string, number> = {};
  for (const [table, column] of columns) {
    const { rows } = await sql<{ n: string | number; total: string | number }>`
      select count(*) filter (where ${sql.ref(column!)} not like ${`v2:${keyId}:%`}) as n,
        count(${sql.ref(column!)}) as total
      from ${sql.table(table!)} where ${sql.ref(column!)} is not null`.execute(ctx.services.db);
    expect(Number(rows[0]!.total), `${table} has ciphertexts`).toBeGreaterThan(0);
    counts[table!] = Number(rows[0]!.n);
  }
  return counts;
}

describe.each(DATABASE_KINDS)('key rotation of everything Sinag encrypts (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it('re-encrypts referral victims, documents and /ispws reports, so the old key can go', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    ctx.services.vault = new Vault(oldKey);
    const analyst = await createTestUser(ctx.services, 'analyst');
    const admin = await createTestUser(ctx.services, 'admin');
    const platform = await createTestUser(ctx.services, 'platform-reporter', 'Rotation Platform');
    const created = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({ victims: [{ ageYears: 8, identity: { names: [CHILD_NAME] } }] }),
    });
    expect(created.statusCode).toBe(201);
    const referralId = created.json().id as string;

    const caller: IspwsCaller = {
      actor: platform.actor,
      organisationName: 'Rotation Platform',
      owningOrganisationId: await owningOrganisation(ctx.services, platform.actor),
    };
    // A finished report: a referral with the original documents.
    const first = await submitReport(
      ctx.services,
      caller,
      example('buildReport-a_report_with_multiple_victims_and_recipients.xml'),
    );
    await finishReport(ctx.services, caller, first.reportId);
    // A report still open at rotation: its documents must be readable when it is finished afterwards.
    const { reportId } = await submitReport(
      ctx.services,
      caller,
      example('buildReport-a_report_with_all_fields_and_multiple_incident_types.xml'),
    );
    const digest = (byte: string, length: number) => byte.repeat(length);
    const { fileId } = await addFile(ctx.services, caller, reportId, {
      md5: digest('a', 32),
      sha1: digest('b', 40),
      sha256: digest('c', 64),
      sizeBytes: 10,
      fileName: 'upload.jpg',
      mediaType: 'image/jpeg',
    });
    const details = example('buildSubmitFileDetails-file_details_with_all_fields.xml')
      .replace(/<reportId>[^<]*<\/reportId>/, `<reportId>${reportId}</reportId>`)
      .replace(/<fileId>[^<]*<\/fileId>/, `<fileId>${fileId}</fileId>`);
    await describeFile(ctx.services, caller, details);
    // What was written before ciphertexts named their key (`v1:`) is rotated too.
    await sql`update referral_victims set identity_ciphertext = 'v1:' || split_part(identity_ciphertext, ':', 3)
      where referral_id = ${referralId}`.execute(ctx.services.db);

    const oldId = new Vault(oldKey).keyId;
    ctx.services.vault = new Vault(newKey, [oldKey]);
    const newId = ctx.services.vault.keyId;
    expect(Object.values(await notUnder(ctx, newId)).every((n) => n > 0)).toBe(true);
    const rotation = await rotateVault(ctx.services, auditActor(admin.actor), 2);
    expect(rotation).toMatchObject({ keyId: newId, remaining: 0 });
    expect(await notUnder(ctx, newId)).toEqual({
      referral_victims: 0,
      referral_documents: 0,
      ispws_reports: 0,
      ispws_files: 0,
    });
    const again = await rotateVault(ctx.services, auditActor(admin.actor));
    expect(again).toEqual({ keyId: newId, reEncrypted: 0, remaining: 0 });

    // The new key alone: the open report finishes, and the referral's stored identity reads back.
    ctx.services.vault = new Vault(newKey);
    const finished = await finishReport(ctx.services, caller, reportId);
    expect(finished.fileIds).toEqual([fileId]);
    const victim = await ctx.services.db
      .selectFrom('referral_victims')
      .select(['identity_ciphertext', 'victim_index'])
      .where('referral_id', '=', referralId)
      .executeTakeFirstOrThrow();
    const identity = ctx.services.vault.decrypt(
      victim.identity_ciphertext!,
      encryptionContext.referralVictim(referralId, victim.victim_index),
    );
    expect(JSON.parse(identity)).toMatchObject({ names: [CHILD_NAME] });
    // And the old key alone opens none of it.
    expect(() =>
      new Vault(oldKey).decrypt(
        victim.identity_ciphertext!,
        encryptionContext.referralVictim(referralId, victim.victim_index),
      ),
    ).toThrow(`The encryption key ${newId} is not configured.`);
    expect(oldId).not.toBe(newId);
  });
});
