import { SeededRandom } from '@sinag/core';

/**
 * Synthetic CyberTipline `report` documents (and one `fileDetails` per report) that validate against the
 * published schema: a platform's report of an account in the Philippines, with an IP capture, an email, a
 * screen name, a web page and one file given by hash. Names, ids, addresses and hashes vary with the seed
 * and the index, so every document is distinct. Clinical text only; example.com domains; IPs from PH ranges.
 */
export interface SyntheticCyberTip {
  name: string;
  reportId: string;
  report: string;
  fileDetails: string[];
}

const INCIDENT_TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Pornography (possession, manufacture, and distribution)',
  'Online Enticement of Children for Sexual Acts',
  'Child Sex Trafficking',
  'Unsolicited Obscene Material Sent to a Child',
];
const FIRST = ['Juan', 'Maria', 'Jose', 'Ana', 'Mark', 'Grace', 'Paolo', 'Liza', 'Ramon', 'Joy'];
const LAST = ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'Flores', 'Ramos', 'Aquino'];
const REGIONS: [city: string, region: string][] = [
  ['Cebu City', 'Central Visayas'],
  ['Quezon City', 'National Capital Region'],
  ['Davao City', 'Davao Region'],
  ['Angeles', 'Central Luzon'],
  ['Iloilo City', 'Western Visayas'],
];
const PH_IP_PREFIXES = ['112.198', '112.210', '49.145', '180.190', '136.158', '110.54'];
const PLATFORMS = ['Example Social', 'Example Messenger', 'Example Video'];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function syntheticCyberTips(seed: number, count: number, offset = 0): SyntheticCyberTip[] {
  const r = new SeededRandom(seed + offset);
  const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('');
  const out: SyntheticCyberTip[] = [];
  for (let i = offset; i < offset + count; i++) {
    const reportId = String(90_000_000 + i);
    const at = new Date(Date.UTC(2021, 0, 1) + r.int(0, 364 * 86400) * 1000).toISOString();
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const handle = `${first.toLowerCase()}.${last.toLowerCase()}${i}`;
    const [city, region] = r.pick(REGIONS);
    const ip = `${r.pick(PH_IP_PREFIXES)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const platform = r.pick(PLATFORMS);
    const type = r.pick(INCIDENT_TYPES);
    const report =
      `<?xml version="1.0" encoding="UTF-8"?>` +
      `<report>` +
      `<incidentSummary><incidentType>${escape(type)}</incidentType><platform>${platform}</platform>` +
      `<reportAnnotations/><incidentDateTime>${at}</incidentDateTime></incidentSummary>` +
      `<internetDetails><webPageIncident><url>https://social.example.com/u/${handle}</url>` +
      `<additionalInfo>Account flagged by automated hash matching.</additionalInfo></webPageIncident></internetDetails>` +
      `<reporter><reportingPerson><firstName>Trust</firstName><lastName>Safety</lastName>` +
      `<email verified="true">cybertip-team@example.com</email></reportingPerson></reporter>` +
      `<personOrUserReported><personOrUserReportedPerson><firstName>${first}</firstName><lastName>${last}</lastName>` +
      `<email verified="false">${handle}@example.com</email></personOrUserReportedPerson>` +
      `<espIdentifier>${1_000_000_000 + i}</espIdentifier><espService>${platform}</espService>` +
      `<screenName>${handle}</screenName>` +
      `<ipCaptureEvent><ipAddress>${ip}</ipAddress><eventName>Upload</eventName><dateTime>${at}</dateTime></ipCaptureEvent>` +
      `<estimatedLocation><city>${city}</city><region>${region}</region><countryCode>PH</countryCode></estimatedLocation>` +
      `</personOrUserReported>` +
      `<additionalInfo>One file was uploaded to the account and matched a known hash list.</additionalInfo>` +
      `</report>`;
    const fileDetails =
      `<?xml version="1.0" encoding="UTF-8"?>` +
      `<fileDetails><reportId>${reportId}</reportId><fileId>${hex(12)}</fileId>` +
      `<originalFileName>upload_${i}.jpg</originalFileName><fileViewedByEsp>${r.chance(0.7)}</fileViewedByEsp>` +
      `<publiclyAvailable>false</publiclyAvailable><fileAnnotations/>` +
      `<originalFileHash hashType="MD5">${hex(32)}</originalFileHash>` +
      `<ipCaptureEvent><ipAddress>${ip}</ipAddress><eventName>Upload</eventName><dateTime>${at}</dateTime></ipCaptureEvent>` +
      `</fileDetails>`;
    out.push({ name: `${reportId}.xml`, reportId, report, fileDetails: [fileDetails] });
  }
  return out;
}
