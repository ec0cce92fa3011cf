import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cybertiplineParser, mapCyberTiplineReport } from '../src/formats/cybertipline/report.ts';
import { mapFileDetails } from '../src/formats/cybertipline/file-details.ts';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralFile, ReferralInput } from '../src/referrals/schema.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');
const read = (name: string) => cybertiplineParser.parse(readFileSync(path.join(EXAMPLES, name), 'utf8'));
const reports = readdirSync(EXAMPLES).filter((f) => f.startsWith('buildReport-'));
const fileDetails = readdirSync(EXAMPLES).filter((f) => f.startsWith('buildSubmitFileDetails-'));

describe('CyberTipline report mapping', () => {
  it('finds the fixture documents', () => {
    expect(reports.length).toBe(3);
    expect(fileDetails.length).toBe(4);
  });

  it.each(reports)('%s maps to a valid, normalisable referral', (name) => {
    const referral = mapCyberTiplineReport(read(name).report, {
      platformName: 'Example Platform',
      reportId: '1001',
    });
    const parsed = ReferralInput.parse(referral);
    const normalised = normaliseReferral(parsed);
    expect(normalised.ok).toBe(true);
    expect(parsed.externalIds).toEqual([{ system: 'cybertipline', id: '1001' }]);
    expect(parsed.reporter).toMatchObject({ kind: 'platform', name: 'Example Platform' });
  });

  it('keeps every part of the all-fields report', () => {
    const referral = ReferralInput.parse(
      mapCyberTiplineReport(
        read('buildReport-a_report_with_all_fields_and_multiple_incident_types.xml').report,
        {
          platformName: 'Example Platform',
        },
      ),
    );
    expect(referral.incident).toMatchObject({
      type: 'child-sexual-abuse-material',
      occurredAt: '2024-01-15T14:30:00.000Z',
      occurredAtDescription: 'Multiple incidents over past week',
      escalation: 'Immediate risk to child',
      annotations: ['sextortion', 'csamSolicitation'],
      sourceTypes: ['Child Pornography (possession, manufacture, and distribution)'],
    });
    expect(referral.internetDetails.map((d) => d.kind)).toEqual([
      'web-page',
      'email',
      'newsgroup',
      'chat-im',
    ]);
    expect(referral.internetDetails[0]).toMatchObject({
      identifiers: [{ kind: 'url', value: 'https://example.com/harmful-content' }],
      attributes: { thirdPartyHostedContent: true, additionalInfo: 'Content reported by multiple users' },
    });
    expect(referral.internetDetails[1]!.identifiers).toEqual([
      { kind: 'email', value: 'suspicious@example.com', verified: true },
    ]);
    expect(referral.internetDetails[3]!.attributes).toMatchObject({
      chatClient: 'SecureChat',
      chatRoomName: 'private-room-123',
    });
    expect(referral.lawEnforcement).toMatchObject({
      agency: 'FBI Cyber Division',
      caseNumber: 'FBI-2024-001',
      officerName: 'John Smith',
      reportedToLawEnforcement: true,
      servedLegalProcessDomestic: true,
    });
    expect(referral.reporter).toMatchObject({
      contactName: 'Sarah Johnson',
      email: 'sarah.johnson@company.com',
    });
    expect(referral.reporter.attributes).toMatchObject({
      companyTemplate: 'Standard reporting template for Company XYZ',
    });

    const [reported, recipient] = referral.reportedPersons;
    expect(reported).toMatchObject({ role: 'reported', name: 'Unknown User' });
    expect(reported!.identifiers).toEqual([
      { kind: 'screen-name', value: 'suspicious_user_123' },
      { kind: 'ip', value: '192.168.1.100', event: 'Upload', observedAt: '2024-01-15T12:00:00.000Z' },
      { kind: 'device-id', value: '123456789012345', service: 'IMEI', event: 'Login' },
    ]);
    expect(recipient).toMatchObject({
      role: 'intended-recipient',
      identifiers: [
        { kind: 'esp-user-id', value: 'USER123' },
        { kind: 'screen-name', value: 'victim_user' },
      ],
      location: { city: 'Springfield', region: 'Illinois', country: 'US' },
    });
    // The child: age in the clear, everything that identifies them inside `identity`.
    expect(referral.victims).toEqual([
      {
        ageYears: 15,
        identity: {
          names: ['Jane Doe'],
          addresses: [{ street: '123 Main St', city: 'Springfield', postalCode: '62701', region: 'IL' }],
          schoolName: 'Springfield High School',
        },
      },
    ]);
    expect(referral.notes).toBe('Multiple incidents reported over the past week');
  });

  it('maps several victims and recipients', () => {
    const referral = ReferralInput.parse(
      mapCyberTiplineReport(read('buildReport-a_report_with_multiple_victims_and_recipients.xml').report, {
        platformName: 'P',
      }),
    );
    expect(referral.victims.length).toBeGreaterThanOrEqual(2);
    expect(
      referral.reportedPersons.filter((p) => p.role === 'intended-recipient').length,
    ).toBeGreaterThanOrEqual(2);
    for (const v of referral.victims)
      expect(JSON.stringify({ ...v, identity: undefined })).not.toMatch(/firstName|lastName/);
  });

  it('sets aside values it cannot normalise instead of failing', () => {
    const xml = `<report><incidentSummary><incidentType>Child Sex Trafficking</incidentType><incidentDateTime>2024-01-01T00:00:00Z</incidentDateTime></incidentSummary><reporter/><personOrUserReported><ipCaptureEvent><ipAddress>not-an-ip</ipAddress></ipCaptureEvent><screenName>ok_name</screenName></personOrUserReported></report>`;
    const referral = ReferralInput.parse(
      mapCyberTiplineReport(cybertiplineParser.parse(xml).report, { platformName: 'P' }),
    );
    expect(referral.incident.type).toBe('child-sex-trafficking');
    expect(referral.reportedPersons[0]!.identifiers).toEqual([{ kind: 'screen-name', value: 'ok_name' }]);
    expect(referral.reportedPersons[0]!.attributes).toEqual({ 'unparsed ip 1': 'not-an-ip' });
  });
});

describe('CyberTipline fileDetails mapping', () => {
  it.each(fileDetails)('%s maps to a valid file', (name) => {
    const mapped = mapFileDetails(read(name).fileDetails);
    expect(mapped.reportId).toMatch(/^\d+$/);
    expect(mapped.fileId).toBeTruthy();
    // The platform's own hashes, or the bytes Sinag hashes at upload, complete the file.
    const file = ReferralFile.parse({ md5: 'd41d8cd98f00b204e9800998ecf8427e', ...mapped.file });
    expect(file.sourceFileId).toBe(mapped.fileId);
  });

  it('keeps annotations, relevance, classification, hashes and EXIF details', () => {
    const all = mapFileDetails(
      read('buildSubmitFileDetails-file_details_with_all_fields.xml').fileDetails,
    ).file;
    expect(all).toMatchObject({
      viewedByEsp: true,
      publiclyAvailable: false,
      relevance: 'Reported',
      industryClassification: 'A1',
      annotations: ['viral', 'liveStreaming'],
      md5: 'e86fdc2283aff4179685f2a918a769eb',
      // Labelled SHA1 but 64 characters long: kept as the SHA-256 it is, with the label noted.
      sha256: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
      ipCapture: { ip: '192.168.5.100', event: 'Upload', at: '2024-01-15T16:30:00.000Z' },
    });
    expect(all.attributes).toMatchObject({
      'originalFileHash SHA1': '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
      'EXIF:Make': 'Canon',
      'EXIF:Model': 'EOS R5',
      'HASH:PhotoDNA': 'hash_value_1',
      'deviceId 1': 'IMEI: 354123456789012',
      additionalInfo: 'File was uploaded via mobile app\nUser attempted to delete file after upload',
      exifViewedByEsp: true,
    });
    const tagged = mapFileDetails(
      read('buildSubmitFileDetails-file_details_with_file_annotations_and_relevance.xml').fileDetails,
    ).file;
    expect(tagged.annotations?.length).toBeGreaterThan(0);
    expect(tagged.relevance).toBeTruthy();
  });
});
