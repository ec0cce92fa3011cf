import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupFolder, reportIdFromName, rootElement } from '../src/import/discover.ts';
import { cliEnv, fetchJson, removeDir, run, startServer, tempDir, type StartedServer } from './helpers.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');
const JSON_FIXTURES = path.resolve(import.meta.dirname, '../../core/test/fixtures/cybertip-json');

const ALL_FIELDS = 'buildReport-a_report_with_all_fields_and_multiple_incident_types.xml';
const FILE_DETAILS = [
  'buildSubmitFileDetails-file_details_with_all_fields.xml',
  'buildSubmitFileDetails-file_details_with_file_annotations_and_relevance.xml',
  'buildSubmitFileDetails-file_details_with_only_required_fields.xml',
  'buildSubmitFileDetails-file_details_with_technical_metadata.xml',
];

/** Which fileDetails go with which report, and which are refused: decided from names and peeked roots. */
describe('grouping a folder into CyberTips', () => {
  type Peeked = { root?: string; reportId?: string };
  const group = (files: Record<string, Peeked>) =>
    groupFolder('/f', Object.keys(files), (file) => files[path.basename(file)]!).map((u) => ({
      file: path.basename(u.file),
      details: u.fileDetails.map((f) => path.basename(f)),
      ...(u.reportId ? { reportId: u.reportId } : {}),
      ...(u.rejected ? { rejected: u.rejected } : {}),
    }));
  const report = { root: 'report' };
  const details = (reportId?: string) => ({ root: 'fileDetails', reportId });

  const cases: [what: string, files: Record<string, Peeked>, expected: ReturnType<typeof group>][] = [
    [
      "the folder's only report takes fileDetails of one CyberTip",
      { 'r.xml': report, 'f1.xml': details('9'), 'f2.xml': details('9') },
      [{ file: 'r.xml', details: ['f1.xml', 'f2.xml'] }],
    ],
    [
      'reports named after their CyberTip id take their own fileDetails',
      {
        '123.xml': report,
        'report-456.xml': report,
        'a.xml': details('456'),
        'b.xml': details('123'),
        'notes.json': {},
      },
      [
        { file: '123.xml', reportId: '123', details: ['b.xml'] },
        { file: 'notes.json', details: [] },
        { file: 'report-456.xml', reportId: '456', details: ['a.xml'] },
      ],
    ],
    [
      'fileDetails of an id no report is named after, beside named reports, are refused',
      { '123.xml': report, 'x.xml': details('777') },
      [
        { file: '123.xml', reportId: '123', details: [] },
        {
          file: 'x.xml',
          details: [],
          rejected:
            'fileDetails of CyberTip 777, but no report file in the folder is named after it (e.g. 777.xml)',
        },
      ],
    ],
    [
      'with two unnamed reports nothing can tell',
      { 'a.xml': report, 'b.xml': report, 'f.xml': details('5') },
      [
        { file: 'a.xml', details: [] },
        { file: 'b.xml', details: [] },
        {
          file: 'f.xml',
          details: [],
          rejected:
            'fileDetails of CyberTip 5, but no report file in the folder is named after it (e.g. 5.xml)',
        },
      ],
    ],
    [
      'one unnamed report cannot be two CyberTips',
      { 'r.xml': report, 'f1.xml': details('1'), 'f2.xml': details('2') },
      [
        {
          file: 'f1.xml',
          details: [],
          rejected:
            "fileDetails of CyberTip 1, but the folder's one report file cannot be for CyberTips 1 and 2 at once: name each report file after its CyberTip id (e.g. 1.xml)",
        },
        {
          file: 'f2.xml',
          details: [],
          rejected:
            "fileDetails of CyberTip 2, but the folder's one report file cannot be for CyberTips 1 and 2 at once: name each report file after its CyberTip id (e.g. 2.xml)",
        },
        { file: 'r.xml', details: [] },
      ],
    ],
    [
      'fileDetails without any report',
      { 'f.xml': details('3') },
      [
        {
          file: 'f.xml',
          details: [],
          rejected: 'fileDetails of CyberTip 3 without a report file in the same folder',
        },
      ],
    ],
  ];
  it.each(cases)('%s', (_what, files, expected) => {
    expect(group(files)).toEqual(expected);
  });

  const names: [string, string | undefined][] = [
    ['123456.xml', '123456'],
    ['report-123456.xml', '123456'],
    ['CyberTip_98765431.xml', '98765431'],
    ['CT-42.XML', '42'],
    ['report-2021-03.xml', undefined],
    ['buildReport-a_report.xml', undefined],
  ];
  it.each(names)('takes the CyberTip id of %s as %s', (name, id) => {
    expect(reportIdFromName(name)).toBe(id);
  });

  it('finds the root element after the declaration, comments and a byte-order mark', () => {
    expect(rootElement('\uFEFF<?xml version="1.0"?>\n<!-- x <a> -->\n<fileDetails xmlns:xsi="…">')).toBe(
      'fileDetails',
    );
    expect(rootElement('<report>')).toBe('report');
    expect(rootElement('not xml')).toBeUndefined();
  });
});

/**
 * The real command on a copy of the fixtures: through a running server's API, then directly on its
 * database once it is stopped. One embedded database for the whole scenario.
 */
describe.sequential('sinag import cybertip', () => {
  let dir: string;
  let tips: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;
  const stateFile = () => path.join(dir, 'import-state.json');

  beforeAll(async () => {
    dir = tempDir();
    tips = path.join(dir, 'tips');
    // a/: a report with its four fileDetails; b/: two reports; c/: a JSON export and a malformed file.
    for (const sub of ['a', 'b', 'c']) mkdirSync(path.join(tips, sub), { recursive: true });
    for (const name of [ALL_FIELDS, ...FILE_DETAILS])
      copyFileSync(path.join(EXAMPLES, name), path.join(tips, 'a', name));
    for (const name of [
      'buildReport-a_report_with_mixed_incident_types_and_locations.xml',
      'buildReport-a_report_with_multiple_victims_and_recipients.xml',
    ])
      copyFileSync(path.join(EXAMPLES, name), path.join(tips, 'b', name));
    copyFileSync(path.join(JSON_FIXTURES, 'cybertip-98765431-full.json'), path.join(tips, 'c', 'tip.json'));
    writeFileSync(path.join(tips, 'c', 'broken.xml'), '<report><incidentSummary>');
    writeFileSync(path.join(tips, 'README.txt'), 'Exported CyberTips.');
    env = cliEnv({
      SINAG_DATA_DIR: dir,
      PORT: '0',
      SINAG_DEMO: 'false',
      SINAG_ADMIN_PASSWORD: 'import-test-password',
    });
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('imports through the running server, reports each rejected file and exits 1', async () => {
    const result = await run(['import', 'cybertip', tips], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'Imported 4, already present 0, rejected 1.',
        `Skipped 1 file that is neither .xml nor .json: ${path.join(tips, 'README.txt')}.`,
        'Rejected:',
        `  ${path.join(tips, 'c', 'broken.xml')}: 4110: Malformed XML: Premature end of data in tag incidentSummary line 1`,
        '',
      ].join('\n'),
    );

    // The report's fileDetails went with it: CyberTip 123456, with the hashed file.
    const { token } = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')) as { token: string };
    const found = await fetchJson<{ items: { id: string; fileCount: number }[] }>(
      `${server!.url}/api/v1/referrals?externalId=123456`,
      { token },
    );
    expect(found.body.items).toEqual([expect.objectContaining({ fileCount: 1 })]);
    // Imported through the API: the audit log names the server's CLI account.
    const audit = await fetchJson<{ items: { actorName: string }[] }>(
      `${server!.url}/api/v1/audit?entityType=import`,
      {
        token,
      },
    );
    expect(audit.body.items.map((e) => e.actorName)).toContain('local-cli');
    expect(await server!.stop()).toBe(0);
    server = undefined;
  });

  it('imports nothing twice: read again, every document is already present', async () => {
    const result = await run(['import', 'cybertip', '--no-resume', tips], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Imported 0, already present 4, rejected 1\.\n/);
  });

  it('skips what earlier runs confirmed without reading it, and tries rejected files again', async () => {
    const result = await run(['import', 'cybertip', tips], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Imported 0, already present 0, rejected 1\\.\\nSkipped 8 files confirmed by an earlier run \\(state in ${stateFile().replace(/[.]/g, '\\.')}; --no-resume reads them again\\)\\.\\n`,
      ),
    );
    expect(result.stdout).toContain('broken.xml: 4110');
  });

  it('validates only with --dry-run: a new file is reported valid and not stored', async () => {
    mkdirSync(path.join(tips, 'd'));
    copyFileSync(
      path.join(JSON_FIXTURES, 'cybertip-98765433-unattributed.json'),
      path.join(tips, 'd', 'new.json'),
    );
    const dry = await run(['import', 'cybertip', '--dry-run', tips], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(
      /^Dry run, nothing stored: 1 valid \(would be imported\), already present 4, rejected 1\.\n/,
    );

    // Not stored by the dry run: imported now, once; a fixed file is tried again and imported.
    writeFileSync(
      path.join(tips, 'c', 'broken.xml'),
      readFileSync(path.join(EXAMPLES, ALL_FIELDS), 'utf8').replace('harmful-content', 'other-page'),
    );
    const real = await run(['import', 'cybertip', tips], env);
    expect(real).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Imported 2, already present 0, rejected 0\.\n/),
    });
  });
});
