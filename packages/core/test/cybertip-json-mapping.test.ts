import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateTime, mapCyberTipJson, readCyberTipJson } from '../src/formats/cybertip-json/map.ts';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralInput, type ReferralData } from '../src/referrals/schema.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/cybertip-json');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
const valid = fixtures.filter((f) => !f.startsWith('INVALID'));

function mapText(text: string): ReferralData {
  const read = readCyberTipJson(text);
  if (!read.ok) throw new Error(read.message);
  return ReferralInput.parse(mapCyberTipJson(read.doc));
}
const mapFixture = (name: string) => mapText(readFileSync(path.join(FIXTURES, name), 'utf8'));

/** A minimal export with `extra` merged into it. */
function exportWith(extra: Record<string, unknown> = {}, summary: Record<string, unknown> = {}) {
  const { reportedInformation, ...rest } = extra as { reportedInformation?: Record<string, unknown> };
  return JSON.stringify({
    reportId: '555',
    ...rest,
    reportedInformation: {
      incidentSummary: {
        incidentType: 'Child Sex Tourism',
        incidentDateTime: '2021-01-01T00:00:00Z',
        ...summary,
      },
      ...reportedInformation,
    },
  });
}

describe('CyberTip JSON export mapping', () => {
  it('finds the fixtures', () => {
    expect(valid.length).toBeGreaterThanOrEqual(3);
  });

  it.each(valid)('%s maps to a valid, normalisable referral with its CyberTip id', (name) => {
    const referral = mapFixture(name);
    expect(referral.source).toBe('cybertip-export');
    expect(referral.externalIds).toEqual([{ system: 'cybertipline', id: /cybertip-(\d+)-/.exec(name)![1] }]);
    expect(normaliseReferral(referral).ok).toBe(true);
  });

  it('maps every section of the full export', () => {
    const referral = mapFixture('cybertip-98765431-full.json');
    expect(referral.receivedAt).toBe('2021-03-14T02:10:44Z');
    expect(referral.incident).toEqual({
      type: 'online-enticement',
      occurredAt: '2021-03-12T19:45:00Z',
      occurredAtDescription: 'Messages exchanged over three evenings',
      escalation: 'The reported user arranged to meet the child in person this week.',
      annotations: ['sextortion', 'minorToMinorInteraction'],
      sourceTypes: ['Online Enticement of Children for Sexual Acts'],
    });
    expect(referral.reporter).toMatchObject({
      kind: 'platform',
      name: 'Example Social',
      contactName: 'Trust Safety',
      email: 'cybertip-team@example.com',
    });
    expect(referral.location).toEqual({ country: 'PH', region: 'Central Visayas', city: 'Cebu City' });

    const [reported, recipient] = referral.reportedPersons;
    expect(reported).toMatchObject({ role: 'reported', name: 'Ramon Dela Cruz', dateOfBirth: '1988-07-02' });
    expect(reported!.identifiers).toEqual([
      { kind: 'esp-user-id', value: '100045678901', service: 'Example Social' },
      { kind: 'screen-name', value: 'islandstar42', service: 'Example Social' },
      { kind: 'url', value: 'https://social.example.com/islandstar42' },
      { kind: 'email', value: 'r.delacruz@example.net', verified: true },
      { kind: 'phone', value: '0917 555 0142', verified: false },
      // Named by its ESP user id.
      { kind: 'ip', value: '112.198.10.20', observedAt: '2021-03-12T19:40:02Z', event: 'Login' },
      // Names only a file: the only reported person's, and that file's upload address.
      { kind: 'ip', value: '2001:db8::1f', observedAt: '2021-03-12T19:52:10Z', event: 'Upload' },
    ]);
    expect(reported!.attributes).toEqual({
      'sourceCapture 1.port': '443',
      accountStatus: 'Disabled on 2021-03-13',
    });
    // Named by the recipient's screen name, not given to the reported person.
    expect(recipient).toMatchObject({ role: 'intended-recipient' });
    expect(recipient!.identifiers.at(-1)).toEqual({
      kind: 'ip',
      value: '203.0.113.77',
      observedAt: '2021-03-12T20:01:00Z',
      event: 'Login',
    });
    expect(recipient!.attributes).toEqual({ 'sourceCapture 3.possibleProxy': true });

    expect(referral.files).toEqual([
      {
        md5: '9e107d9d372bb6826bd81d3542a419d6',
        sha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
        sourceFileId: 'f-0001',
        name: 'IMG_2041.jpg',
        sizeBytes: 184233,
        viewedByEsp: true,
        publiclyAvailable: false,
        annotations: ['liveStreaming'],
        relevance: 'Reported',
        industryClassification: 'B1',
        uploadedAt: '2021-03-12T19:52:10Z',
        ipCapture: { ip: '2001:db8::1f', event: 'Upload', at: '2021-03-12T19:52:10Z' },
      },
      {
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        sourceFileId: 'f-0002',
        name: 'VID_0007.mp4',
        // "No" from the export: opening it needs a warrant.
        viewedByEsp: false,
        publiclyAvailable: false,
      },
    ]);
    // The third file has no hash: named in a note, not lost silently.
    expect(referral.notes).toContain('Uploaded file thumbnail.png: the export gives no hash');
    expect(referral.notes).toContain('The ESP did not view it.');

    // NCMEC's additions and fields without a place stay, under their path.
    expect(referral.reporter.attributes).toMatchObject({
      forwardedBy: 'NCMEC',
      ncmecPriority: 'E',
      'automatedInformation.ipGeolocations[0].isp': 'Example Telecom',
      'lawEnforcement.referredTo': 'Philippine National Police – Women and Children Protection Center',
      'reportedInformation.incidentSummary.chatService': 'Example Social Messenger',
      'reportedInformation.reportingEsp.legalUrl': 'https://social.example.com/legal',
    });
  });

  it('keeps everything that identifies a child inside identity', () => {
    const [child] = mapFixture('cybertip-98765431-full.json').victims;
    expect(child).toEqual({
      ageYears: 13,
      location: { country: 'PH', region: 'Central Visayas' },
      identity: {
        names: ['Ana Example'],
        schoolName: 'Example Elementary School',
        identifiers: [{ kind: 'email', value: 'ana.child@example.org' }],
        notes: 'guardianContacted: No',
      },
    });
    const outside = JSON.stringify({ ...child, identity: undefined });
    for (const secret of ['Ana', 'Mandaue', 'ana.child', 'Elementary']) expect(outside).not.toContain(secret);
  });

  it('keeps captures it cannot tie to one person apart, and sets aside values it cannot read', () => {
    const referral = mapFixture('cybertip-98765433-unattributed.json');
    expect(referral.incident.type).toBe('child-sex-trafficking');
    expect(referral.incident.annotations).toEqual(['csamSolicitation']);
    expect(referral.receivedAt).toBe('2021-06-14T03:21:09Z');
    const [seller, buyer, unattributed] = referral.reportedPersons;
    // Matched by email, whatever its case.
    expect(seller!.identifiers.filter((i) => i.kind === 'ip').map((i) => i.value)).toEqual(['198.51.100.23']);
    expect(buyer!.identifiers.some((i) => i.kind === 'ip')).toBe(false);
    expect(unattributed).toEqual({
      role: 'reported',
      name: 'Unattributed source captures',
      identifiers: [
        { kind: 'ip', value: '112.210.4.9', observedAt: '2021-06-13T22:04:31Z', event: 'Upload' },
      ],
      attributes: { 'unparsed ip 1': 'not-an-ip' },
    });
    expect(referral.files[0]).toMatchObject({ viewedByEsp: false, publiclyAvailable: false });
  });

  const typeCases: [label: string | string[], expected: string][] = [
    ['Child Pornography (possession, manufacture, and distribution)', 'child-sexual-abuse-material'],
    ['child sex trafficking', 'child-sex-trafficking'],
    ['Apparent Child Pornography', 'child-sexual-abuse-material'],
    ['Something NCMEC added later', 'other'],
    [['Misleading Domain Name', 'Child Sexual Molestation'], 'child-sexual-molestation'],
  ];
  it.each(typeCases)('incident type %j → %s, the wording kept', (label, expected) => {
    const referral = mapText(exportWith({}, { incidentType: label }));
    expect(referral.incident.type).toBe(expected);
    expect(referral.incident.sourceTypes).toEqual([label].flat());
  });

  const dateCases: [string, string | undefined][] = [
    ['2021-06-13T22:05:00Z', '2021-06-13T22:05:00Z'],
    ['2021-06-13T22:05:00+08:00', '2021-06-13T22:05:00+08:00'],
    ['2021-06-13 22:05:00', '2021-06-13T22:05:00Z'],
    ['2021-06-13 22:05:00 UTC', '2021-06-13T22:05:00Z'],
    ['06-13-2021 22:05:00 UTC', '2021-06-13T22:05:00Z'],
    ['13/06/2021', undefined],
    ['2021-02-30 10:00:00', undefined],
    ['', undefined],
  ];
  it.each(dateCases)('reads the date-time %j as %j', (input, expected) => {
    expect(dateTime(input)).toBe(expected);
  });

  it('keeps an unreadable incident time as an attribute instead of failing', () => {
    const referral = mapText(exportWith({}, { incidentDateTime: 'last Tuesday' }));
    expect(referral.incident.occurredAt).toBeUndefined();
    expect(referral.reporter.attributes).toMatchObject({
      'reportedInformation.incidentSummary.incidentDateTime': 'last Tuesday',
    });
  });

  it('gives the captures to the reported account when the export names no person', () => {
    const referral = mapText(
      exportWith({
        sourceInformation: {
          sourceCaptures: [
            { ipAddress: '112.198.1.2', eventName: 'Login', dateTime: '2021-01-01T00:00:00Z' },
          ],
        },
      }),
    );
    expect(referral.reportedPersons).toEqual([
      {
        role: 'reported',
        identifiers: [
          { kind: 'ip', value: '112.198.1.2', observedAt: '2021-01-01T00:00:00Z', event: 'Login' },
        ],
      },
    ]);
  });

  it('reads a file with a byte-order mark and blank fields', () => {
    const text = `\uFEFF${exportWith({ reportedInformation: { reportingEsp: { espName: '', email: '  ' } } })}`;
    expect(mapText(text).reporter).toEqual({
      kind: 'platform',
      name: 'Unknown ESP',
      attributes: { forwardedBy: 'NCMEC' },
    });
  });

  const rejections: [what: string, text: string, message: RegExp][] = [
    [
      'the invalid fixture',
      readFileSync(path.join(FIXTURES, 'INVALID-cybertip-missing-incident-type.json'), 'utf8'),
      /^reportedInformation\.incidentSummary\.incidentType: is required$/,
    ],
    ['malformed JSON', '{"reportId": ', /^Malformed JSON: /],
    ['no report id', JSON.stringify({ reportedInformation: {} }), /^reportId: is required$/],
    ['an array', '[]', /expected object/i],
    [
      'an empty incident type list',
      exportWith({}, { incidentType: [] }),
      /incidentType: must name at least one incident type/,
    ],
  ];
  it.each(rejections)('rejects %s, naming the field', (_what, text, message) => {
    const read = readCyberTipJson(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(message);
  });
});
