import { cybertiplineParser, pdqHammingDistance, type XmlNode } from '@sinag/core';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { validateCyberTiplineXml, type CyberTiplineRoot } from '../src/cybertipline/validate.ts';
import { ISPWS_ROUTES } from '../src/ispws/routes.ts';
import { createUser } from '../src/users/service.ts';
import { call, createTestContext, createTestUser, DATABASE_KINDS, type TestContext } from './helpers.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');
const XSD = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/cybertipline.xsd');
const PDQ_FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/pdq');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const REPORTS = readdirSync(EXAMPLES).filter((f) => f.startsWith('buildReport'));
const FILE_DETAILS = readdirSync(EXAMPLES).filter((f) => f.startsWith('buildSubmitFileDetails'));
const ALL_FIELDS_REPORT = 'buildReport-a_report_with_all_fields_and_multiple_incident_types.xml';
const VICTIMS_REPORT = 'buildReport-a_report_with_multiple_victims_and_recipients.xml';
const ALL_FIELDS_DETAILS = 'buildSubmitFileDetails-file_details_with_all_fields.xml';

interface Credentials {
  username: string;
  password: string;
}

/** A response of /ispws, checked against the schema's response elements, with its fields. */
interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  root: string;
  code: number;
  description?: string;
  reportId?: string;
  fileId?: string;
  hash?: string;
  files?: string[];
}

function parseAnswer(res: { statusCode: number; headers: Record<string, unknown>; body: string }): Answer {
  const root: CyberTiplineRoot = res.body.includes('<reportDoneResponse>')
    ? 'reportDoneResponse'
    : 'reportResponse';
  const validation = validateCyberTiplineXml(res.body, root);
  expect(validation, `${res.statusCode} ${res.body}`).toMatchObject({ ok: true });
  const node = (cybertiplineParser.parse(res.body) as Record<string, Record<string, XmlNode>>)[root]!;
  const text = (value: XmlNode | XmlNode[] | undefined) => (value === undefined ? undefined : String(value));
  const files = node.files as Record<string, XmlNode | XmlNode[]> | string | undefined;
  return {
    status: res.statusCode,
    headers: res.headers,
    body: res.body,
    root,
    code: Number(node.responseCode),
    description: text(node.responseDescription),
    reportId: text(node.reportId),
    fileId: text(node.fileId),
    hash: text(node.hash),
    files:
      root === 'reportDoneResponse'
        ? files && typeof files === 'object' && files.fileId !== undefined
          ? [files.fileId].flat().map(String)
          : []
        : undefined,
  };
}

const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** A multipart/form-data body, built by hand as a platform's HTTP library sends it. */
function multipart(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]) {
  const boundary = `----sinag${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (part.type ? `Content-Type: ${part.type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A fileDetails fixture about another report and file. */
const aboutFile = (xml: string, reportId: string, fileId: string) =>
  xml
    .replace(/<reportId>[^<]*<\/reportId>/, `<reportId>${reportId}</reportId>`)
    .replace(/<fileId>[^<]*<\/fileId>/, `<fileId>${fileId}</fileId>`);

/** A report fixture made unique, so the 24-hour duplicate rule does not join it to another test's. */
let uniqueCounter = 0;
const unique = (xml: string) =>
  xml.replace(
    /<incidentDateTime>[^<]*<\/incidentDateTime>/,
    `<incidentDateTime>${new Date(Date.UTC(2024, 0, 1) + ++uniqueCounter * 1000 + Math.floor(Math.random() * 1000)).toISOString()}</incidentDateTime>`,
  );

/** A client of /ispws for one platform account (or none). */
function client(app: FastifyInstance, credentials?: Credentials) {
  const auth = credentials ? { authorization: basic(credentials) } : {};
  const send = async (options: InjectOptions) =>
    parseAnswer(await app.inject({ ...options, headers: { ...auth, ...options.headers } }));
  return {
    get: (url: string) => send({ method: 'GET', url }),
    submit: (xml: string) =>
      send({
        method: 'POST',
        url: '/ispws/submit',
        payload: xml,
        headers: { 'content-type': 'text/xml; charset=utf-8' },
      }),
    upload: (reportId: string, bytes: Buffer, filename = 'file.jpg', type = 'image/jpeg') => {
      const body = multipart([
        { name: 'id', value: reportId },
        { name: 'file', value: bytes, filename, type },
      ]);
      return send({
        method: 'POST',
        url: '/ispws/upload',
        payload: body.payload,
        headers: { 'content-type': body.contentType },
      });
    },
    uploadRaw: (body: { payload: Buffer; contentType: string }) =>
      send({
        method: 'POST',
        url: '/ispws/upload',
        payload: body.payload,
        headers: { 'content-type': body.contentType },
      }),
    fileinfo: (xml: string) =>
      send({
        method: 'POST',
        url: '/ispws/fileinfo',
        payload: xml,
        headers: { 'content-type': 'text/xml; charset=utf-8' },
      }),
    form: (action: 'finish' | 'retract', reportId: string) =>
      send({
        method: 'POST',
        url: `/ispws/${action}`,
        payload: `id=${encodeURIComponent(reportId)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
  };
}

describe.each(DATABASE_KINDS)('the CyberTipline-compatible reporting API, /ispws (%s)', (kind) => {
  let ctx: TestContext;
  let platform: Credentials;
  let otherPlatform: Credentials;
  let analyst: Awaited<ReturnType<typeof createTestUser>>;
  let api: ReturnType<typeof client>;

  const newPlatform = async (name: string): Promise<Credentials> => {
    const username = `platform-${randomBytes(4).toString('hex')}`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    await createUser(
      ctx.services,
      { userId: null, name: 'test', organisationId: null, ip: null },
      { username, password, role: 'platform-reporter', organisation: name, organisationKind: 'platform' },
    );
    return { username, password };
  };

  const referralsWithExternalId = async (reportId: string) =>
    (
      await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/referrals?externalId=${encodeURIComponent(reportId)}`,
      })
    ).json<{ items: { id: string; source: string; reporterName: string; fileCount: number }[] }>().items;

  const reportRow = (reportId: string) =>
    ctx.services.db
      .selectFrom('ispws_reports')
      .selectAll()
      .where('report_id', '=', reportId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    platform = await newPlatform('Example Platform');
    otherPlatform = await newPlatform('Other Platform');
    analyst = await createTestUser(ctx.services, 'analyst');
    api = client(ctx.app, platform);
  });
  afterAll(() => ctx.close());

  it('answers status with code 0 and the caller', async () => {
    const res = await api.get('/ispws/status');
    expect(res).toMatchObject({ status: 200, code: 0, root: 'reportResponse' });
    expect(res.description).toContain(`Remote User : ${platform.username}`);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  });

  it('serves the schema in use', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/ispws/xsd',
      headers: { authorization: basic(platform) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(readFileSync(XSD, 'utf8'));
  });

  it.each(REPORTS)('accepts %s', async (name) => {
    const res = await api.submit(unique(example(name)));
    expect(res).toMatchObject({ status: 200, code: 0 });
    expect(res.reportId).toMatch(/^[1-9]\d*$/);
  });

  it('refuses the invalid example with 4100, naming the element and the rule', async () => {
    const res = await api.submit(example('INVALID-report-misspelt-incident-type.xml'));
    expect(res).toMatchObject({ status: 400, code: 4100 });
    expect(res.description).toMatch(/^Validation failed: .*Element 'incidentType'.*enumeration/);
    expect(res.reportId).toBeUndefined();
  });

  it.each([
    ['malformed XML', '<report><incidentSummary></report>', /Malformed XML/],
    ['a DTD', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><report>&a;</report>', /DTD/],
    [
      'an external entity',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>',
      /DTD/,
    ],
  ])('refuses %s with 4110', async (_name, xml, message) => {
    const res = await api.submit(xml);
    expect(res).toMatchObject({ status: 400, code: 4110 });
    expect(res.description).toMatch(message);
  });

  it('refuses a document nested beyond the parser depth limit, and a body over the size limit', async () => {
    const deep = `<report>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</report>`;
    expect((await api.submit(deep)).code).toBeGreaterThanOrEqual(4100);
    const big = `<report>${' '.repeat(ctx.services.config.bodyLimit)}</report>`;
    expect(await api.submit(big)).toMatchObject({ status: 413, code: 4000 });
  });

  it('refuses a JSON body or no body with 4000, naming what to send', async () => {
    const json = await parseAnswer(
      await ctx.app.inject({
        method: 'POST',
        url: '/ispws/submit',
        payload: { report: {} },
        headers: { authorization: basic(platform) },
      }),
    );
    expect(json).toMatchObject({ status: 415, code: 4000 });
    expect(json.description).toContain('text/xml');
    const empty = await parseAnswer(
      await ctx.app.inject({
        method: 'POST',
        url: '/ispws/submit',
        headers: { authorization: basic(platform) },
      }),
    );
    expect(empty).toMatchObject({ status: 400, code: 4000 });
  });

  it('answers 2000 with HTTP 401 and a Basic challenge to missing or wrong credentials', async () => {
    for (const res of [
      await client(ctx.app).get('/ispws/status'),
      await client(ctx.app, { ...platform, password: 'wrong-password' }).get('/ispws/status'),
      await client(ctx.app, { username: 'nobody-here', password: 'whatever-it-is' }).get('/ispws/status'),
      await parseAnswer(
        await ctx.app.inject({ method: 'GET', url: '/ispws/status', headers: { authorization: 'Bearer x' } }),
      ),
    ]) {
      expect(res).toMatchObject({ status: 401, code: 2000 });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Sinag"/);
    }
  });

  it('answers 3000 with HTTP 403 to an account of another role', async () => {
    const res = await client(ctx.app, analyst).get('/ispws/status');
    expect(res).toMatchObject({ status: 403, code: 3000 });
    expect(res.description).toContain('platform-reporter');
  });

  it('audits failed attempts and locks the account, even for a cached password', async () => {
    const locked = await newPlatform('Lockable Platform');
    expect((await client(ctx.app, locked).get('/ispws/status')).code).toBe(0);
    for (let i = 0; i < ctx.services.config.loginMaxFailures; i++) {
      expect(
        (await client(ctx.app, { ...locked, password: `wrong-${i}-password` }).get('/ispws/status')).code,
      ).toBe(2000);
    }
    const res = await client(ctx.app, locked).get('/ispws/status');
    expect(res).toMatchObject({ status: 401, code: 2000 });
    expect(res.description).toContain('locked');
    const failures = await ctx.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.login_failed')
      .where('actor_name', '=', locked.username)
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(ctx.services.config.loginMaxFailures);
  });

  it('hashes an upload while streaming and keeps nothing of its bytes', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const marker = `SINAG-BYTES-MARKER-${randomBytes(12).toString('hex')}`;
    const bytes = Buffer.concat([Buffer.from(marker), randomBytes(200_000), Buffer.from(marker)]);
    const res = await api.upload(reportId!, bytes, 'evidence.jpg', 'image/jpeg');
    expect(res).toMatchObject({ status: 200, code: 0, reportId });
    expect(res.fileId).toMatch(/^[0-9a-f]{32}$/);
    const digest = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
    expect(res.hash).toBe(digest('md5'));
    const row = await ctx.services.db
      .selectFrom('ispws_files')
      .selectAll()
      .where('file_id', '=', res.fileId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      md5: digest('md5'),
      sha1: digest('sha1'),
      sha256: digest('sha256'),
      file_name: 'evidence.jpg',
      media_type: 'image/jpeg',
    });
    expect(Number(row.size_bytes)).toBe(bytes.length);

    // Every row of every table, as text: the marker appears nowhere, in the clear, hex or base64.
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(ctx.services.db);
    expect(tables.map((t) => t.name)).toContain('ispws_files');
    const forms = [
      marker,
      Buffer.from(marker).toString('hex'),
      Buffer.from(marker).toString('base64').slice(0, 24),
    ];
    for (const { name } of tables) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(
        ctx.services.db,
      );
      const dump = rows.map((r) => r.row).join('\n');
      for (const form of forms) expect(dump, `table ${name}`).not.toContain(form);
    }
  });

  it("computes an uploaded image's PDQ hash and those of its 8 rotations and flips", async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const photo = readFileSync(path.join(PDQ_FIXTURES, 'images/dih/bridge-1-original.jpg'));
    // Named and typed as something else: what the bytes are decides.
    const image = await api.upload(reportId!, photo, 'upload.bin', 'application/octet-stream');
    const notImage = await api.upload(reportId!, randomBytes(3000), 'looks-like.jpg', 'image/jpeg');
    const done = await api.form('finish', reportId!);
    expect(done.files).toEqual([image.fileId, notImage.fileId]);
    const [found] = await referralsWithExternalId(reportId!);
    const files = await ctx.services.db
      .selectFrom('referral_files')
      .select(['pdq', 'pdq_quality', 'pdq_dihedral'])
      .where('referral_id', '=', found!.id)
      .orderBy('file_index')
      .execute();
    // Meta's C++ reference, from its own decoder: within 10 bits, as a port must be.
    const reference = readFileSync(path.join(PDQ_FIXTURES, 'dihedral-reference.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[2]!);
    expect(files[0]!.pdq).toBe(files[0]!.pdq_dihedral![0]);
    expect(files[0]!.pdq_quality).toBeGreaterThanOrEqual(80);
    expect(files[0]!.pdq_dihedral!.map((hash, i) => pdqHammingDistance(hash, reference[i]!))).toSatisfy(
      (distances: number[]) => distances.length === 8 && distances.every((d) => d <= 10),
    );
    expect(files[1]).toEqual({ pdq: null, pdq_quality: null, pdq_dihedral: null });
  });

  it('takes the id after the file too, and refuses an upload without id or file', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const late = await api.uploadRaw(
      multipart([
        { name: 'file', value: Buffer.from('late id'), filename: 'a.bin', type: 'application/octet-stream' },
        { name: 'id', value: reportId! },
      ]),
    );
    expect(late).toMatchObject({
      status: 200,
      code: 0,
      hash: createHash('md5').update('late id').digest('hex'),
    });
    const noFile = await api.uploadRaw(multipart([{ name: 'id', value: reportId! }]));
    expect(noFile).toMatchObject({ status: 400, code: 4000 });
    expect(noFile.description).toContain('file');
    const noId = await api.uploadRaw(multipart([{ name: 'file', value: Buffer.from('x'), filename: 'x' }]));
    expect(noId).toMatchObject({ status: 400, code: 4000 });
    expect(noId.description).toContain('id');
    const notMultipart = await ctx.app.inject({
      method: 'POST',
      url: '/ispws/upload',
      payload: 'id=1',
      headers: { authorization: basic(platform), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(parseAnswer(notMultipart)).toMatchObject({ status: 415, code: 4000 });
  });

  it('answers a retried upload with the first fileId; the same bytes described, then sent again, are a new file', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const bytes = randomBytes(2048);
    const first = await api.upload(reportId!, bytes, 'same.jpg');
    const retry = await api.upload(reportId!, bytes, 'same.jpg');
    expect(retry).toMatchObject({ code: 0, fileId: first.fileId, hash: first.hash });
    const renamed = await api.upload(reportId!, bytes, 'other-name.jpg');
    expect(renamed.fileId).not.toBe(first.fileId);
    expect((await api.fileinfo(aboutFile(example(ALL_FIELDS_DETAILS), reportId!, first.fileId!))).code).toBe(
      0,
    );
    const again = await api.upload(reportId!, bytes, 'same.jpg');
    expect(again.fileId).not.toBe(first.fileId);
    expect((await api.form('finish', reportId!)).files).toEqual([first.fileId, renamed.fileId, again.fileId]);
  });

  it('refuses a file over the upload limit, keeping nothing of it', async () => {
    const small = await buildApp({
      ...ctx.services,
      config: { ...ctx.services.config, ispwsMaxUploadBytes: 1000 },
    });
    try {
      const smallApi = client(small, platform);
      const { reportId } = await smallApi.submit(unique(example(ALL_FIELDS_REPORT)));
      const res = await smallApi.upload(reportId!, randomBytes(5000));
      expect(res).toMatchObject({ status: 413, code: 4000 });
      expect(res.description).toContain('SINAG_ISPWS_MAX_UPLOAD_BYTES');
      const files = await ctx.services.db
        .selectFrom('ispws_files')
        .select('file_id')
        .where('report_id', '=', reportId!)
        .execute();
      expect(files).toEqual([]);
      expect(await smallApi.upload(reportId!, randomBytes(1000))).toMatchObject({ code: 0 });
    } finally {
      await small.close();
    }
  });

  it.each(FILE_DETAILS)('accepts fileinfo %s about an uploaded file', async (name) => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const { fileId } = await api.upload(reportId!, randomBytes(100));
    const res = await api.fileinfo(aboutFile(example(name), reportId!, fileId!));
    expect(res).toMatchObject({ status: 200, code: 0, reportId, fileId });
  });

  it('refuses fileinfo for a file or report that does not exist, and invalid fileDetails', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const details = example(ALL_FIELDS_DETAILS);
    const noFile = await api.fileinfo(aboutFile(details, reportId!, 'no-such-file'));
    expect(noFile).toMatchObject({ status: 404, code: 5002, reportId });
    const noReport = await api.fileinfo(aboutFile(details, '999999999', 'no-such-file'));
    expect(noReport).toMatchObject({ status: 404, code: 5001 });
    const invalid = await api.fileinfo(details.replace('<fileViewedByEsp>true', '<fileViewedByEsp>perhaps'));
    expect(invalid).toMatchObject({ status: 400, code: 4100 });
    expect(invalid.description).toContain('fileViewedByEsp');
    const wrongRoot = await api.fileinfo(unique(example(ALL_FIELDS_REPORT)));
    expect(wrongRoot).toMatchObject({ status: 400, code: 4100 });
  });

  it('turns a finished report into one referral with its files, legal gate and pseudonymous victims', async () => {
    const reportXml = unique(example(VICTIMS_REPORT));
    const { reportId } = await api.submit(reportXml);
    const viewed = randomBytes(300);
    const unviewed = randomBytes(400);
    const undescribed = randomBytes(500);
    const first = await api.upload(reportId!, viewed, 'a.jpg');
    const second = await api.upload(reportId!, unviewed, 'b.png', 'image/png');
    const third = await api.upload(reportId!, undescribed, 'c.mp4', 'video/mp4');
    const details = example(ALL_FIELDS_DETAILS);
    expect((await api.fileinfo(aboutFile(details, reportId!, first.fileId!))).code).toBe(0);
    const notViewed = details.replace('<fileViewedByEsp>true', '<fileViewedByEsp>false');
    expect((await api.fileinfo(aboutFile(notViewed, reportId!, second.fileId!))).code).toBe(0);

    expect(await referralsWithExternalId(reportId!)).toEqual([]);
    const done = await api.form('finish', reportId!);
    expect(done).toMatchObject({ status: 200, code: 0, root: 'reportDoneResponse', reportId });
    expect(done.files).toEqual([first.fileId, second.fileId, third.fileId]);

    const found = await referralsWithExternalId(reportId!);
    expect(found).toEqual([
      expect.objectContaining({ source: 'cybertipline', reporterName: 'Example Platform', fileCount: 3 }),
    ]);
    const detail = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${found[0]!.id}` });
    expect(detail.statusCode).toBe(200);
    const referral = detail.json();
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(referral.files).toEqual([
      expect.objectContaining({ sha256: sha256(viewed), viewedByEsp: true, warrantRequired: false }),
      expect.objectContaining({ sha256: sha256(unviewed), viewedByEsp: false, warrantRequired: true }),
      expect.objectContaining({ sha256: sha256(undescribed), viewedByEsp: null }),
    ]);
    expect(referral.files[1].md5).toBe(createHash('md5').update(unviewed).digest('hex'));
    expect(referral.files[1].sha1).toBe(createHash('sha1').update(unviewed).digest('hex'));
    expect(referral.data.externalIds).toEqual([{ system: 'ispws', id: reportId }]);
    expect(referral.data.files[2]).toMatchObject({ name: 'c.mp4', mediaType: 'video/mp4', sizeBytes: 500 });
    // The platform's hash of the original file differs from the uploaded bytes': kept, not lost.
    expect(referral.data.files[0].attributes['originalFileHash MD5']).toBe(
      'e86fdc2283aff4179685f2a918a769eb',
    );
    // Children by pseudonym only: the names and schools in the report are in the vault, not the API.
    expect(referral.victims).toHaveLength(2);
    for (const victim of referral.victims) expect(victim.pseudonym).toMatch(/^V-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(detail.body).not.toContain('Middle School A');
    expect(detail.body).not.toContain('"Victim"');

    // The original documents, encrypted: a receipt, the report and each fileDetails.
    const documents = await ctx.services.db
      .selectFrom('referral_documents')
      .select(['document_index', 'kind', 'content_ciphertext'])
      .where('referral_id', '=', found[0]!.id)
      .orderBy('document_index')
      .execute();
    expect(documents.map((d) => d.kind)).toEqual([
      'ispws-receipt',
      'cybertipline-report',
      'cybertipline-file-details',
      'cybertipline-file-details',
    ]);
    expect(ctx.services.vault.decrypt(documents[1]!.content_ciphertext, `document:${found[0]!.id}:1`)).toBe(
      reportXml,
    );
    const receipt = JSON.parse(
      ctx.services.vault.decrypt(documents[0]!.content_ciphertext, `document:${found[0]!.id}:0`),
    );
    expect(receipt).toMatchObject({ api: 'ispws', reportId, platform: { name: 'Example Platform' } });
    expect(receipt.files.map((f: { sha256: string }) => f.sha256)).toEqual(
      [viewed, unviewed, undescribed].map(sha256),
    );

    expect(await reportRow(reportId!)).toMatchObject({ status: 'finished', referral_id: found[0]!.id });
    const actions = await ctx.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', 'in', [reportId!, found[0]!.id])
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'ispws.submit',
      'ispws.upload',
      'ispws.upload',
      'ispws.upload',
      'ispws.fileinfo',
      'ispws.fileinfo',
      'referral.create',
      'ispws.finish',
      'referral.read', // the analyst's, above
    ]);
  });

  it('refuses to finish or retract twice, or to change a finished or retracted report', async () => {
    const finished = (await api.submit(unique(example(ALL_FIELDS_REPORT)))).reportId!;
    expect((await api.form('finish', finished)).code).toBe(0);
    expect(await api.form('finish', finished)).toMatchObject({ status: 409, code: 5102, reportId: finished });
    expect(await api.form('retract', finished)).toMatchObject({ status: 409, code: 5102 });
    expect(await api.upload(finished, randomBytes(10))).toMatchObject({ status: 409, code: 5102 });
    expect(await referralsWithExternalId(finished)).toHaveLength(1);

    const retracted = (await api.submit(unique(example(ALL_FIELDS_REPORT)))).reportId!;
    const { fileId } = await api.upload(retracted, randomBytes(10));
    expect(await api.form('retract', retracted)).toMatchObject({ status: 200, code: 0, reportId: retracted });
    expect(await api.form('finish', retracted)).toMatchObject({ status: 409, code: 5101 });
    expect(await api.form('retract', retracted)).toMatchObject({ status: 409, code: 5101 });
    expect(await api.fileinfo(aboutFile(example(ALL_FIELDS_DETAILS), retracted, fileId!))).toMatchObject({
      code: 5101,
    });
    expect(await referralsWithExternalId(retracted)).toEqual([]);
    expect(await reportRow(retracted)).toMatchObject({ status: 'retracted', referral_id: null });
  });

  it('answers 5001 for a report that does not exist or is another platform’s, 4000 for a bad id', async () => {
    expect(await api.form('finish', '987654321')).toMatchObject({ status: 404, code: 5001 });
    expect(await api.upload('987654321', randomBytes(10))).toMatchObject({ status: 404, code: 5001 });
    const theirs = (await client(ctx.app, otherPlatform).submit(unique(example(ALL_FIELDS_REPORT))))
      .reportId!;
    expect(await api.form('finish', theirs)).toMatchObject({ status: 404, code: 5001 });
    expect(await api.form('retract', theirs)).toMatchObject({ status: 404, code: 5001 });
    expect(await api.form('finish', 'abc')).toMatchObject({ status: 400, code: 4000 });
    const noId = await parseAnswer(
      await ctx.app.inject({
        method: 'POST',
        url: '/ispws/finish',
        payload: '',
        headers: { authorization: basic(platform), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(noId).toMatchObject({ status: 400, code: 4000 });
    expect(noId.description).toContain('id');
  });

  it('takes finish and retract as multipart forms too', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    const body = multipart([{ name: 'id', value: reportId! }]);
    const res = await parseAnswer(
      await ctx.app.inject({
        method: 'POST',
        url: '/ispws/finish',
        payload: body.payload,
        headers: { authorization: basic(platform), 'content-type': body.contentType },
      }),
    );
    expect(res).toMatchObject({ status: 200, code: 0, reportId, files: [] });
  });

  it('returns the same reportId for the same document within 24 hours, not for another platform', async () => {
    const xml = unique(example(ALL_FIELDS_REPORT));
    const first = await api.submit(xml);
    const again = await api.submit(xml);
    expect(again).toMatchObject({ code: 0, reportId: first.reportId });
    // Two identical documents at the same moment are still one report.
    const racing = unique(xml);
    const [one, two] = await Promise.all([api.submit(racing), api.submit(racing)]);
    expect(one.reportId).toBe(two.reportId);
    expect(one.reportId).not.toBe(first.reportId);
    const theirs = await client(ctx.app, otherPlatform).submit(xml);
    expect(theirs.code).toBe(0);
    expect(theirs.reportId).not.toBe(first.reportId);
    // Both become referrals, each in its platform's name.
    expect((await api.form('finish', first.reportId!)).code).toBe(0);
    expect((await client(ctx.app, otherPlatform).form('finish', theirs.reportId!)).code).toBe(0);
    expect((await referralsWithExternalId(theirs.reportId!))[0]?.reporterName).toBe('Other Platform');
    // A day later, or once retracted, the same document is a new report.
    await sql`update ispws_reports set submitted_at = now() - interval '25 hours'
      where report_id = ${first.reportId!}`.execute(ctx.services.db);
    const later = await api.submit(xml);
    expect(later.reportId).not.toBe(first.reportId);
    expect((await api.form('retract', later.reportId!)).code).toBe(0);
    const afterRetraction = await api.submit(xml);
    expect(afterRetraction.reportId).not.toBe(later.reportId);
    expect((await api.form('finish', afterRetraction.reportId!)).code).toBe(0);
  });

  it('leaves no referral and the report open when finishing fails midway', async () => {
    const { reportId } = await api.submit(unique(example(ALL_FIELDS_REPORT)));
    await api.upload(reportId!, randomBytes(64));
    await sql`
      create function ispws_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'simulated failure'; end $$;
      create trigger ispws_test_fail before insert on referral_documents
        for each row execute function ispws_test_fail();`.execute(ctx.services.db);
    try {
      const res = await api.form('finish', reportId!);
      expect(res).toMatchObject({ status: 500, code: 1000 });
      expect(res.description).not.toContain('simulated');
    } finally {
      await sql`drop trigger ispws_test_fail on referral_documents; drop function ispws_test_fail();`.execute(
        ctx.services.db,
      );
    }
    expect(await referralsWithExternalId(reportId!)).toEqual([]);
    expect(await reportRow(reportId!)).toMatchObject({ status: 'open', referral_id: null });
    expect((await api.form('finish', reportId!)).code).toBe(0);
    expect(await referralsWithExternalId(reportId!)).toHaveLength(1);
  });

  it('keeps reports, documents and bytes out of the logs', async () => {
    const xml = unique(example(VICTIMS_REPORT));
    const { reportId } = await api.submit(xml);
    await api.upload(reportId!, Buffer.from('LOGGED-BYTES-MARKER'));
    await api.form('finish', reportId!);
    const logs = ctx.logs.join('');
    for (const secret of ['Middle School', 'Emily', 'LOGGED-BYTES-MARKER', platform.password]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(Buffer.from(`${platform.username}:${platform.password}`).toString('base64'));
  });

  it('answers every route with 2000/401 without credentials and 3000/403 for another role', async () => {
    const registered = ctx.app.registeredRoutes
      .filter((r) => r.url.startsWith('/ispws') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(registered.sort()).toEqual(ISPWS_ROUTES.map((r) => `${r.method} ${r.url}`).sort());
    for (const route of ISPWS_ROUTES) {
      for (const [who, status, code] of [
        [undefined, 401, 2000],
        [analyst, 403, 3000],
      ] as const) {
        const res = await parseAnswer(
          await ctx.app.inject({
            method: route.method,
            url: route.url,
            headers: who ? { authorization: basic(who) } : {},
            ...(route.method === 'POST'
              ? {
                  payload: '<report/>',
                  headers: { 'content-type': 'text/xml', ...(who ? { authorization: basic(who) } : {}) },
                }
              : {}),
          }),
        );
        expect(res, `${route.method} ${route.url}`).toMatchObject({ status, code });
      }
    }
  });
});
