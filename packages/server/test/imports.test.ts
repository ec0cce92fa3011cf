import type { CyberTipImportResponse, ImportDocument } from '@sinag/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');
const JSON_FIXTURES = path.resolve(import.meta.dirname, '../../core/test/fixtures/cybertip-json');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const jsonFixture = (name: string) => readFileSync(path.join(JSON_FIXTURES, name), 'utf8');

const ALL_FIELDS = 'buildReport-a_report_with_all_fields_and_multiple_incident_types.xml';
const MIXED = 'buildReport-a_report_with_mixed_incident_types_and_locations.xml';
const VICTIMS = 'buildReport-a_report_with_multiple_victims_and_recipients.xml';
const FILE_DETAILS = [
  'buildSubmitFileDetails-file_details_with_all_fields.xml',
  'buildSubmitFileDetails-file_details_with_file_annotations_and_relevance.xml',
  'buildSubmitFileDetails-file_details_with_only_required_fields.xml',
  'buildSubmitFileDetails-file_details_with_technical_metadata.xml',
];
const INVALID_XML = 'INVALID-report-misspelt-incident-type.xml';

const xml = (name: string, extra: Partial<ImportDocument> = {}): ImportDocument => ({
  name,
  format: 'cybertipline-xml',
  content: example(name),
  ...extra,
});
const json = (name: string): ImportDocument => ({
  name,
  format: 'cybertip-json',
  content: jsonFixture(name),
});

/** The fixture reports; the four fileDetails (all of CyberTip 123456) belong to the all-fields report. */
const fixtureBatch = (): ImportDocument[] => [
  xml(ALL_FIELDS, { fileDetails: FILE_DETAILS.map(example) }),
  xml(MIXED),
  xml(VICTIMS),
];

describe.each(DATABASE_KINDS)('CyberTip import (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let firstImport: CyberTipImportResponse;

  const importBatch = async (documents: ImportDocument[], dryRun = false, user = analyst) => {
    const res = await call(ctx.app, user, {
      method: 'POST',
      url: '/api/v1/imports/cybertip',
      payload: { documents, dryRun },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CyberTipImportResponse>();
  };
  const referralCount = () => countRows(ctx.services, 'referrals');

  beforeAll(async () => {
    // A small general body limit: the import route has its own, larger one.
    ctx = await createTestContext(kind, { bodyLimit: 16 * 1024 });
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  it('imports the fixture reports with their fileDetails as referrals with files and documents', async () => {
    firstImport = await importBatch(fixtureBatch());
    expect(firstImport.counts).toEqual({ imported: 3, alreadyPresent: 0, rejected: 0, valid: 0 });
    expect(firstImport.results.map((r) => [r.name, r.status])).toEqual([
      [ALL_FIELDS, 'imported'],
      [MIXED, 'imported'],
      [VICTIMS, 'imported'],
    ]);
    const [allFields] = firstImport.results;
    expect(allFields!.reference).toMatch(/^R-\d{7}$/);

    const detail = (
      await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${allFields!.referralId}` })
    ).json<{
      source: string;
      files: { md5: string; sha256: string; viewedByEsp: boolean; warrantRequired: boolean }[];
      victims: { pseudonym: string; ageYears: number }[];
      data: { externalIds: unknown[]; notes: string; reporter: { name: string } };
    }>();
    expect(detail.source).toBe('cybertip-export');
    // The report has no id of its own; its fileDetails name CyberTip 123456.
    expect(detail.data.externalIds).toEqual([{ system: 'cybertipline', id: '123456' }]);
    expect(detail.data.reporter.name).toBe('Unknown platform');
    // Only the fileDetails that give hashes become files; the others are named in a note.
    expect(detail.files).toEqual([
      expect.objectContaining({
        md5: 'e86fdc2283aff4179685f2a918a769eb',
        sha256: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
        viewedByEsp: true,
        warrantRequired: false,
      }),
    ]);
    expect(detail.data.notes).toContain('File FILE789: its fileDetails give no hash');
    expect(detail.victims).toEqual([expect.objectContaining({ ageYears: 15 })]);
    expect(JSON.stringify(detail)).not.toContain('Jane');

    const documents = await ctx.services.db
      .selectFrom('referral_documents')
      .select(['document_index', 'kind', 'media_type'])
      .where('referral_id', '=', allFields!.referralId!)
      .orderBy('document_index')
      .execute();
    expect(documents.map((d) => d.kind)).toEqual([
      'cybertipline-report',
      ...FILE_DETAILS.map(() => 'cybertipline-file-details'),
    ]);
  });

  it('imports each document once: a second run finds all of them already present', async () => {
    const before = await referralCount();
    const again = await importBatch(fixtureBatch());
    expect(again.counts).toEqual({ imported: 0, alreadyPresent: 3, rejected: 0, valid: 0 });
    expect(again.results.map((r) => r.referralId)).toEqual(firstImport.results.map((r) => r.referralId));
    expect(again.results[0]!.reason).toBe('this document was imported before');
    expect(await referralCount()).toBe(before);
  });

  it('rejects the invalid fixture with the schema error naming incidentType (4100)', async () => {
    const { results, counts } = await importBatch([xml(INVALID_XML)]);
    expect(counts.rejected).toBe(1);
    expect(results[0]).toMatchObject({ name: INVALID_XML, status: 'rejected' });
    expect(results[0]!.reason).toMatch(/^4100: Line 1: Element 'incidentType'.*enumeration/);
  });

  it('stores the good documents of a mixed batch and rejects the bad ones, each with its reason', async () => {
    const before = await referralCount();
    const { results, counts } = await importBatch([
      json('cybertip-98765431-full.json'),
      xml(INVALID_XML),
      { name: 'broken.xml', format: 'cybertipline-xml', content: '<report><incidentSummary>' },
      json('INVALID-cybertip-missing-incident-type.json'),
      json('cybertip-98765433-unattributed.json'),
      { name: 'details-on-json.json', format: 'cybertip-json', content: '{}', fileDetails: ['<x/>'] },
    ]);
    expect(counts).toEqual({ imported: 2, alreadyPresent: 0, rejected: 4, valid: 0 });
    expect(results.map((r) => r.status)).toEqual([
      'imported',
      'rejected',
      'rejected',
      'rejected',
      'imported',
      'rejected',
    ]);
    expect(results[2]!.reason).toMatch(/^4110: Malformed XML/);
    expect(results[3]!.reason).toBe('reportedInformation.incidentSummary.incidentType: is required');
    expect(results[5]!.reason).toBe('fileDetails belong to XML reports, not to JSON exports');
    expect(await referralCount()).toBe(before + 2);

    const stored = await ctx.services.db
      .selectFrom('referral_external_ids')
      .select('external_id')
      .where('referral_id', '=', results[0]!.referralId!)
      .execute();
    expect(stored).toEqual([{ external_id: '98765431' }]);
  });

  it('validates only on a dry run: nothing is stored, new documents are reported valid', async () => {
    const before = await referralCount();
    const fresh = { ...xml(MIXED), name: 'fresh.xml', content: example(MIXED).replace('content', 'pages') };
    const { results, counts, dryRun } = await importBatch(
      [fresh, xml(VICTIMS), xml(INVALID_XML), json('cybertip-98765431-full.json')],
      true,
    );
    expect(dryRun).toBe(true);
    expect(counts).toEqual({ imported: 0, alreadyPresent: 2, rejected: 1, valid: 1 });
    expect(results.map((r) => r.status)).toEqual(['valid', 'already-present', 'rejected', 'already-present']);
    expect(await referralCount()).toBe(before);
  });

  it('finds the same CyberTip imported as XML when it comes again as a JSON export', async () => {
    const { results } = await importBatch([json('cybertip-123456-minimal.json')]);
    expect(results[0]).toEqual({
      name: 'cybertip-123456-minimal.json',
      status: 'already-present',
      reason: 'CyberTip 123456 is already held',
      referralId: firstImport.results[0]!.referralId,
      reference: firstImport.results[0]!.reference,
    });
  });

  it('gives a repeat within a batch the outcome of its first occurrence', async () => {
    const tip = (id: string, name: string): ImportDocument => ({
      name,
      format: 'cybertip-json',
      content: jsonFixture('cybertip-123456-minimal.json').replace('123456', id),
    });
    const same = tip('7001', 'a.json');
    const { results } = await importBatch([
      same,
      { ...same, name: 'a-copy.json' },
      // Another document of the same CyberTip (different content, same id).
      { ...tip('7001', 'b.json'), content: `${same.content}\n` },
      { ...xml(INVALID_XML), name: 'bad-1.xml' },
      { ...xml(INVALID_XML), name: 'bad-2.xml' },
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'imported',
      'already-present',
      'already-present',
      'rejected',
      'rejected',
    ]);
    expect(results[1]).toMatchObject({
      reason: 'the same document as a.json',
      referralId: results[0]!.referralId,
    });
    expect(results[2]).toMatchObject({
      reason: 'CyberTip 7001 is also in a.json',
      referralId: results[0]!.referralId,
    });
    expect(results[4]!.reason).toBe(results[3]!.reason);
  });

  it('stores each document once when two imports of the same files race', async () => {
    const before = await referralCount();
    const batch = ['8001', '8002', '8003'].map((id): ImportDocument => ({
      name: `${id}.json`,
      format: 'cybertip-json',
      content: jsonFixture('cybertip-98765433-unattributed.json').replace('98765433', id),
    }));
    const [a, b] = await Promise.all([importBatch(batch), importBatch(batch)]);
    expect(await referralCount()).toBe(before + 3);
    for (let i = 0; i < batch.length; i++) {
      expect([a.results[i]!.status, b.results[i]!.status].sort()).toEqual(['already-present', 'imported']);
    }
  });

  it('audits each batch with counts only, and each stored referral', async () => {
    const entries = await ctx.services.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'actor_name'])
      .where('action', '=', 'import.cybertip')
      .orderBy('seq')
      .execute();
    expect(entries[0]).toEqual({
      action: 'import.cybertip',
      actor_name: analyst.username,
      details: {
        dryRun: false,
        documents: 3,
        xml: 3,
        json: 0,
        imported: 3,
        alreadyPresent: 0,
        rejected: 0,
        valid: 0,
      },
    });
    expect(entries.some((e) => (e.details as { dryRun: boolean }).dryRun)).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/buildReport|Ramon|<report/);
    const created = await ctx.services.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'referral.create')
      .where('entity_id', '=', firstImport.results[1]!.referralId!)
      .execute();
    expect(created).toHaveLength(1);
  });

  it('accepts batches larger than the general body limit, and only from roles with referral:import', async () => {
    const big = json('cybertip-98765431-full.json');
    big.content = big.content.replace('"ncmecPriority": "E"', `"padding": "${'x'.repeat(40 * 1024)}"`);
    big.content = big.content.replace('98765431', '98765499');
    const { results } = await importBatch([big]);
    expect(results[0]!.status).toBe('imported');

    for (const role of ['platform-reporter', 'investigator'] as const) {
      const user = await createTestUser(ctx.services, role);
      const res = await call(ctx.app, user, {
        method: 'POST',
        url: '/api/v1/imports/cybertip',
        payload: { documents: [json('cybertip-123456-minimal.json')] },
      });
      expect(res.statusCode, role).toBe(403);
    }
  });

  it('names an invalid request field', async () => {
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/imports/cybertip',
      payload: { documents: [{ name: 'x', format: 'pdf', content: 'x' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('documents[0].format');
  });
});
