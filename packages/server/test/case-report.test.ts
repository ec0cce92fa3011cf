import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAuditEntries } from '../src/cases/report.ts';
import {
  addSubject,
  auditEntries,
  chargeUnder,
  recordInterview,
  sampleEvidence,
} from './case-justice-fixtures.ts';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const CHILD_NAME = 'Ligaya-Report-Test-Child';
const SCHOOL = 'Report Test Elementary School';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
  return text;
}

describe.each(DATABASE_KINDS)('the case report (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let caseId: string;
  let pseudonym: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    // A referral naming a child: the name lives only in the encrypted identity fields.
    const referral = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({
        victims: [{ ageYears: 9, sex: 'female', identity: { names: [CHILD_NAME], schoolName: SCHOOL } }],
      }),
    });
    caseId = (
      await call(ctx.app, analyst, {
        method: 'POST',
        url: '/api/v1/cases',
        payload: { referralIds: [referral.json().id] },
      })
    ).json().id;
    const referralVictim = await ctx.services.db
      .selectFrom('referral_victims')
      .select('pseudonym')
      .where('referral_id', '=', referral.json().id)
      .executeTakeFirstOrThrow();
    const victim = await ctx.services.db
      .insertInto('case_victims')
      .values({ case_id: caseId, referral_pseudonym: referralVictim.pseudonym })
      .returning(['id', 'pseudonym'])
      .executeTakeFirstOrThrow();
    pseudonym = victim.pseudonym;
    const subjectId = await addSubject(ctx.services, caseId, 'Subject A');
    await chargeUnder(ctx, await createTestUser(ctx.services, 'supervisor'), caseId, subjectId, 'RA 11930');
    const evidence = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: sampleEvidence('E-1'),
    });
    await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence/${evidence.json().id}/custody`,
      payload: {
        from: 'Evidence custodian Cruz',
        to: 'Forensic examiner Santos',
        at: '2026-10-03T10:00:00Z',
        reason: 'Examination',
      },
    });
    await recordInterview(ctx, analyst, caseId, victim.id);
  });
  afterAll(() => ctx.close());

  it('exports the report, its facts and a manifest of SHA-256 hashes, with no victim identity', async () => {
    const res = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/cases/${caseId}/report` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="C-\d{4}-\d{5}-report\.zip"/);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toEqual([
      'audit.json',
      'case.json',
      'evidence.json',
      'manifest.json',
      'prosecution.json',
      'report.pdf',
      'timeline.json',
    ]);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ redacted: true, generatedBy: analyst.username });
    for (const entry of manifest.files) expect(entry.sha256, entry.name).toBe(sha256(files[entry.name]!));
    expect(res.headers['x-sinag-report-sha256']).toBe(sha256(files['report.pdf']!));

    const text = await pdfText(files['report.pdf']!);
    for (const expected of [
      'Case report C-',
      'Subject A',
      'RA 11930',
      'E-1',
      'chain verified',
      'Forensic examiner Santos',
      pseudonym,
      'case.create',
    ]) {
      expect(text).toContain(expected);
    }
    for (const file of Object.values(files)) {
      const content = file === files['report.pdf'] ? text : strFromU8(file);
      expect(content).not.toContain(CHILD_NAME);
      expect(content).not.toContain(SCHOOL);
    }

    const audit = (await auditEntries(ctx.services, 'case.report')).at(-1)!;
    expect(audit).toMatchObject({
      entity_id: caseId,
      details: {
        redacted: true,
        pdfSha256: sha256(files['report.pdf']!),
        zipSha256: sha256(new Uint8Array(res.rawPayload)),
      },
    });
  });

  it('leaves restricted evidence and team-only events out for readers outside the team', async () => {
    await ctx.services.db
      .insertInto('case_events')
      .values({
        case_id: caseId,
        actor_name: 'x',
        kind: 'operation.plan',
        summary: 'Operation planned for Barangay 7',
      })
      .execute();
    const lead = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/cases/${caseId}/report` });
    expect(await pdfText(unzipSync(new Uint8Array(lead.rawPayload))['report.pdf']!)).toContain('Barangay 7');
    const socialWorker = await createTestUser(ctx.services, 'social-worker');
    const res = await call(ctx.app, socialWorker, { method: 'GET', url: `/api/v1/cases/${caseId}/report` });
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const text = await pdfText(files['report.pdf']!);
    expect(text).toContain('E-1');
    expect(text).not.toContain('DI-1');
    expect(text).not.toContain('Barangay 7');
    expect(strFromU8(files['evidence.json']!)).not.toContain('DI-1');
    expect((await auditEntries(ctx.services, 'case.report')).at(-1)!.details).toMatchObject({
      restrictedIncluded: false,
    });
  });

  it('finds the audit entries on the case and its parts through indexes, not by reading the whole log', async () => {
    const query = caseAuditEntries(ctx.services.db, caseId);
    const entries = await query.execute();
    expect(entries.map((e) => e.entity_type)).toEqual(expect.arrayContaining(['case', 'evidence']));
    const compiled = query.compile();
    const plan = await ctx.services.db.transaction().execute(async (trx) => {
      // The test's audit log is small enough to read whole; the question is whether the indexes can serve.
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await trx.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('audit_log_case');
    expect(plan).not.toMatch(/Seq Scan on audit_log\b/);
  });

  it('answers 404 for another organisation’s case, shared or not, and 403 without case:read', async () => {
    const outsider = await createTestUser(ctx.services, 'analyst', 'Another Unit');
    expect(
      (await call(ctx.app, outsider, { method: 'GET', url: `/api/v1/cases/${caseId}/report` })).statusCode,
    ).toBe(404);
    const platform = await createTestUser(ctx.services, 'platform-reporter');
    expect(
      (await call(ctx.app, platform, { method: 'GET', url: `/api/v1/cases/${caseId}/report` })).statusCode,
    ).toBe(403);
  });
});
