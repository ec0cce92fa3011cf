import { z } from 'zod';
import type {
  Address,
  Attributes,
  IncidentType,
  Location,
  ReferralFile,
  ReferralInput,
  ReportedPerson,
  Victim,
} from '../../referrals/schema.ts';
import { CYBERTIPLINE_INCIDENT_TYPES, IdentifierCollector, SEVERITY } from '../cybertipline/report.ts';
import type { JsonAddress, JsonPerson } from './schema.ts';
import { CyberTipJson, EstimatedLocation, SourceCapture, UploadedFile, type ContactValue } from './schema.ts';

/**
 * Maps a CyberTip as NCMEC forwards it to law enforcement (JSON) into the canonical referral.
 *
 * - The ESP that reported is the reporter; NCMEC's own additions and any report-level field Sinag has no
 *   place for are kept in the reporter's `attributes`, under their JSON path.
 * - `sourceInformation.sourceCaptures[]` (IP, event, time) belong to whoever the capture names (ESP user id,
 *   screen name or email of one reported person or recipient); a capture that names nobody belongs to the
 *   reported person when there is exactly one; otherwise the captures are kept on a separate entry labelled
 *   "Unattributed source captures", never guessed onto someone. A capture that names an uploaded file is also
 *   that file's `ipCapture`.
 * - An uploaded file without any hash cannot be matched or stored as a file: a note says so (the original
 *   document, kept with the referral, still has it).
 * - A child's name, date of birth, address, school and contact points go only into `identity`.
 */
export function mapCyberTipJson(doc: CyberTipJson): ReferralInput {
  const info = doc.reportedInformation;
  const summary = info.incidentSummary;
  const esp = info.reportingEsp;
  const espName = str(esp?.espName);
  const notes: string[] = [...(info.additionalInformation ?? []).map(str).filter(isString)];

  // Incident.
  const sourceTypes = summary.incidentType.map(str).filter(isString);
  const types = sourceTypes.map(incidentType);
  const type = SEVERITY.find((t) => types.includes(t)) ?? types[0] ?? 'other';
  const reportAttributes: Attributes = {};
  const occurredAt = dateTime(summary.incidentDateTime);
  if (summary.incidentDateTime && !occurredAt)
    reportAttributes['reportedInformation.incidentSummary.incidentDateTime'] = summary.incidentDateTime;
  const receivedAt = dateTime(doc.dateReceived);
  if (doc.dateReceived && !receivedAt) reportAttributes.dateReceived = doc.dateReceived;

  // People: collectors first, so that source captures can be added to the right one.
  const people = info.reportedPeople;
  const drafts = [
    ...(people?.reportedPersons ?? []).map((p) => personDraft(p, 'reported', espName)),
    ...(people?.intendedRecipients ?? []).map((p) => personDraft(p, 'intended-recipient', espName)),
  ];

  // Files.
  const uploaded = doc.uploadedFiles?.uploadedFiles ?? [];
  const files: (ReferralFile | undefined)[] = uploaded.map((f, i) => {
    const mapped = file(f);
    if (!mapped) {
      const label = str(f.fileName) ?? str(f.originalFileName) ?? str(f.fileId) ?? `#${i + 1}`;
      const viewed = f.viewedByEsp === false ? ' The ESP did not view it.' : '';
      notes.push(
        `Uploaded file ${label}: the export gives no hash, so it is kept in the source document only.${viewed}`,
      );
    }
    return mapped;
  });

  // Source captures.
  const unattributed = new IdentifierCollector();
  const unattributedAttributes: Attributes = {};
  (doc.sourceInformation?.sourceCaptures ?? []).forEach((capture, c) => {
    const target = captureOwner(capture, drafts);
    const ids = target?.ids ?? unattributed;
    const attributes = target?.attributes ?? unattributedAttributes;
    const prefix = `sourceCapture ${c + 1}.`;
    const ip = str(capture.ipAddress);
    const at = dateTime(capture.dateTime);
    const event = str(capture.eventName);
    ids.add('ip', ip, compact({ observedAt: at, event }));
    if (capture.dateTime && !at) attributes[`${prefix}dateTime`] = capture.dateTime;
    if (capture.port !== undefined) attributes[`${prefix}port`] = capture.port;
    if (capture.possibleProxy !== undefined) attributes[`${prefix}possibleProxy`] = capture.possibleProxy;
    Object.assign(attributes, unmapped(capture, SourceCapture, prefix));
    // A capture tied to a file is where that file came from.
    const fileKey = [str(capture.fileId), str(capture.fileName)].filter(isString);
    const f = fileKey.length
      ? uploaded.findIndex(
          (u) => fileKey.includes(str(u.fileId) ?? '') || fileKey.includes(str(u.fileName) ?? ''),
        )
      : -1;
    const matched = f >= 0 ? files[f] : undefined;
    if (matched && ip && !matched.ipCapture) matched.ipCapture = compact({ ip, event, at });
  });

  const reportedPersons: ReportedPerson[] = drafts.map(finishPerson);
  if (unattributed.identifiers.length || Object.keys(unattributedAttributes).length) {
    const alone = !drafts.some((d) => d.role === 'reported');
    Object.assign(unattributedAttributes, unattributed.unparsed);
    reportedPersons.push(
      compact({
        role: 'reported' as const,
        // With no reported person at all, the captures are the reported account's; with several, whose
        // they are is not known.
        name: alone ? undefined : 'Unattributed source captures',
        identifiers: unattributed.identifiers,
        attributes: Object.keys(unattributedAttributes).length ? unattributedAttributes : undefined,
      }),
    );
  }

  // Everything Sinag has no field for, under its path.
  Object.assign(
    reportAttributes,
    unmapped(doc, CyberTipJson),
    unmapped(info, CyberTipJson.shape.reportedInformation, 'reportedInformation.'),
    unmapped(
      summary,
      CyberTipJson.shape.reportedInformation.shape.incidentSummary,
      'reportedInformation.incidentSummary.',
    ),
    unmapped(
      esp,
      CyberTipJson.shape.reportedInformation.shape.reportingEsp.unwrap(),
      'reportedInformation.reportingEsp.',
    ),
    unmapped(
      people,
      CyberTipJson.shape.reportedInformation.shape.reportedPeople.unwrap(),
      'reportedInformation.reportedPeople.',
    ),
    unmapped(doc.uploadedFiles, CyberTipJson.shape.uploadedFiles.unwrap(), 'uploadedFiles.'),
    unmapped(doc.sourceInformation, CyberTipJson.shape.sourceInformation.unwrap(), 'sourceInformation.'),
  );

  return compact({
    source: 'cybertip-export' as const,
    receivedAt,
    externalIds: [{ system: 'cybertipline', id: doc.reportId.trim() }],
    incident: compact({
      type,
      occurredAt,
      occurredAtDescription: str(summary.incidentDateTimeDescription),
      escalation: str(summary.escalateToHighPriority),
      annotations: flagList(summary.reportAnnotations),
      sourceTypes,
    }),
    reporter: compact({
      kind: 'platform' as const,
      name: espName ?? 'Unknown ESP',
      contactName: joinName(esp),
      email: str(esp?.email),
      phone: str(esp?.phone),
      attributes: { forwardedBy: 'NCMEC', ...reportAttributes },
    }),
    location: reportedPersons.find((p) => p.location?.country)?.location,
    reportedPersons,
    victims: (people?.victims ?? []).map((v) => victim(v, espName)),
    files: files.filter((f): f is ReferralFile => f !== undefined),
    notes: notes.length ? notes.join('\n') : undefined,
  });
}

/** Incident types by their CyberTipline wording, any case; plus the wording of NCMEC's report summary. */
const INCIDENT_TYPES = new Map<string, IncidentType>([
  ...Object.entries(CYBERTIPLINE_INCIDENT_TYPES).map(([k, v]) => [k.toLowerCase(), v] as const),
  ['apparent child pornography', 'child-sexual-abuse-material'],
  ['child sexual abuse material', 'child-sexual-abuse-material'],
]);

function incidentType(label: string): IncidentType {
  return INCIDENT_TYPES.get(label.trim().toLowerCase()) ?? 'other';
}

// ---- small helpers --------------------------------------------------------------------------------------

const isString = (v: string | undefined): v is string => v !== undefined;

/** Trimmed text; exports write blank fields as "". */
function str(value: string | undefined | null): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)),
  ) as T;
}

const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();

/**
 * An ISO 8601 date-time with a zone, from the forms exports use: ISO with a zone, "YYYY-MM-DD HH:MM:SS"
 * (UTC, as NCMEC states its times), or NCMEC's "MM-DD-YYYY HH:MM:SS UTC". Undefined when unreadable.
 */
export function dateTime(value: string | undefined): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  if (IsoDateTime.safeParse(text).success) return text;
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?: ?(?:UTC|GMT|Z))?$/i.exec(text);
  if (m) return utc(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6], m[7]);
  m = /^(\d{2})[-/](\d{2})[-/](\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ?(?:UTC|GMT|Z)$/i.exec(text);
  if (m) return utc(m[3]!, m[1]!, m[2]!, m[4]!, m[5]!, m[6], undefined);
  return undefined;
}

function utc(y: string, mo: string, d: string, h: string, mi: string, s?: string, frac?: string) {
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}Z`;
  return IsoDateTime.safeParse(iso).success && !Number.isNaN(Date.parse(iso)) ? iso : undefined;
}

type Shape = { shape: Record<string, unknown> };

/** The fields of `value` its schema does not name, flattened to `path: scalar` attributes. */
function unmapped(value: object | undefined, schema: Shape, prefix = ''): Attributes {
  const out: Attributes = {};
  if (!value) return out;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in schema.shape)) flatten(out, `${prefix}${key}`, v, 0);
  }
  return out;
}

function flatten(out: Attributes, path: string, value: unknown, depth: number): void {
  const key = path.slice(0, 200);
  if (value === undefined) return;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  else if (typeof value === 'string') out[key] = value.slice(0, 20000);
  else if (depth > 6) out[key] = JSON.stringify(value).slice(0, 20000);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(out, `${path}[${i}]`, v, depth + 1));
  else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(out, `${path}.${k}`, v, depth + 1);
}

/** Names of flags given as a list (`["sextortion"]`) or an object (`{ "sextortion": true }`). */
function flagList(value: string[] | Record<string, unknown> | undefined): string[] | undefined {
  if (!value) return undefined;
  const list = Array.isArray(value)
    ? value.map(str).filter(isString)
    : Object.entries(value)
        .filter(([, v]) => v !== false && v !== 'false' && v !== null)
        .map(([k]) => k);
  return list.length ? list : undefined;
}

function joinName(
  p: { firstName?: string; middleName?: string; lastName?: string; name?: string } | undefined,
) {
  const parts = [p?.firstName, p?.middleName, p?.lastName].map(str).filter(isString);
  return parts.length ? parts.join(' ') : str(p?.name);
}

const countryCode = (value: string | undefined) => {
  const c = str(value);
  return c && /^[A-Za-z]{2}$/.test(c) ? c.toUpperCase() : undefined;
};

function location(l: z.output<typeof EstimatedLocation> | undefined): Location | undefined {
  if (!l) return undefined;
  const out = compact({
    country: countryCode(l.countryCode) ?? countryCode(l.country),
    region: str(l.region),
    city: str(l.city),
  });
  return Object.keys(out).length ? out : undefined;
}

function address(a: z.output<typeof JsonAddress>): Address {
  return compact({
    street: str(a.address) ?? str(a.street),
    city: str(a.city),
    region: str(a.state) ?? str(a.region),
    postalCode: str(a.zipCode) ?? str(a.postalCode),
    country: countryCode(a.countryCode) ?? countryCode(a.country),
    kind: str(a.type),
  });
}

type Contact = z.output<typeof ContactValue>;

function contact(value: Contact): { value?: string; verified?: boolean; calling?: string } {
  if (typeof value === 'string') return { value: str(value) };
  return {
    value: str(value.value) ?? str(value.email) ?? str(value.phone) ?? str(value.number),
    verified: value.verified,
    calling: str(value.countryCallingCode),
  };
}

const list = (...values: (string[] | undefined)[]) =>
  values
    .flatMap((v) => v ?? [])
    .map(str)
    .filter(isString);

// ---- people --------------------------------------------------------------------------------------------

interface PersonDraft {
  role: ReportedPerson['role'];
  source: JsonPerson;
  ids: IdentifierCollector;
  attributes: Attributes;
  location?: Location;
  /** Lower-cased account names, user ids and emails a source capture may name. */
  keys: Set<string>;
}

/** Everything that identifies an account: user ids, screen names, profile URLs, emails, phones. */
function collectAccount(p: JsonPerson, ids: IdentifierCollector, espName: string | undefined): void {
  const service = str(p.espService) ?? espName;
  for (const id of list(p.espUserIds, p.espUserId, p.espIdentifier))
    ids.add('esp-user-id', id, compact({ service }));
  for (const name of list(p.screenNames, p.screenName)) ids.add('screen-name', name, compact({ service }));
  for (const url of list(p.profileUrls, p.profileUrl)) ids.add('url', url);
  for (const e of [...(p.emails ?? []), ...(p.email ?? [])].map(contact))
    ids.add('email', e.value, compact({ verified: e.verified }));
  for (const ph of [...(p.phones ?? []), ...(p.phone ?? [])].map(contact)) {
    const value =
      ph.value && ph.calling && !ph.value.startsWith('+') ? `${ph.calling} ${ph.value}` : ph.value;
    ids.add('phone', value, compact({ verified: ph.verified }));
  }
}

function personDraft(p: JsonPerson, role: ReportedPerson['role'], espName: string | undefined): PersonDraft {
  const place = location(p.estimatedLocation);
  const ids = new IdentifierCollector(place?.country);
  collectAccount(p, ids, espName);
  const keys = new Set(
    [
      ...list(p.espUserIds, p.espUserId, p.espIdentifier, p.screenNames, p.screenName),
      ...[...(p.emails ?? []), ...(p.email ?? [])].map((e) => contact(e).value),
    ]
      .filter(isString)
      .map((k) => k.toLowerCase()),
  );
  return { role, source: p, ids, attributes: {}, location: place, keys };
}

/** Whose capture it is: the one person it names, or the only reported person if it names nobody. */
function captureOwner(capture: SourceCapture, drafts: PersonDraft[]): PersonDraft | undefined {
  const links = [capture.espUserId, capture.screenName, capture.email]
    .map(str)
    .filter(isString)
    .map((l) => l.toLowerCase());
  if (links.length) {
    const named = drafts.filter((d) => links.some((l) => d.keys.has(l)));
    return named.length === 1 ? named[0] : undefined;
  }
  const reported = drafts.filter((d) => d.role === 'reported');
  return reported.length === 1 ? reported[0] : undefined;
}

const PERSON_MAPPED = new Set([
  'firstName',
  'middleName',
  'lastName',
  'name',
  'dateOfBirth',
  'age',
  'emails',
  'email',
  'phones',
  'phone',
  'screenNames',
  'screenName',
  'displayNames',
  'displayName',
  'espService',
  'espUserIds',
  'espUserId',
  'espIdentifier',
  'profileUrls',
  'profileUrl',
  'addresses',
  'address',
  'estimatedLocation',
  'priorCTReports',
]);

function finishPerson(d: PersonDraft): ReportedPerson {
  const p = d.source;
  const attributes: Attributes = { ...d.attributes, ...d.ids.unparsed };
  for (const [key, value] of Object.entries(p))
    if (!PERSON_MAPPED.has(key)) flatten(attributes, key, value, 0);
  Object.assign(attributes, unmapped(p.estimatedLocation, EstimatedLocation, 'estimatedLocation.'));
  const age = Number(str(p.age));
  const dob = str(p.dateOfBirth);
  if (dob && !IsoDate.safeParse(dob).success) attributes.dateOfBirth = dob;
  if (str(p.age) && !(Number.isInteger(age) && age >= 0 && age <= 130)) attributes.age = p.age!;
  return compact({
    role: d.role,
    name: joinName(p),
    displayNames: list(p.displayNames, p.displayName),
    identifiers: d.ids.identifiers,
    location: d.location,
    addresses: [...(p.addresses ?? []), ...(p.address ?? [])]
      .map(address)
      .filter((a) => Object.keys(a).length),
    ageYears: Number.isInteger(age) && age >= 0 && age <= 130 && str(p.age) ? age : undefined,
    dateOfBirth: dob && IsoDate.safeParse(dob).success ? dob : undefined,
    priorReportIds: list(p.priorCTReports),
    attributes: Object.keys(attributes).length ? attributes : undefined,
  });
}

/** A child: age and coarse place in the clear; everything that identifies them inside `identity`. */
function victim(p: JsonPerson, espName: string | undefined): Victim {
  const place = location(p.estimatedLocation);
  const ids = new IdentifierCollector(place?.country);
  collectAccount(p, ids, espName);
  const extra: Attributes = { ...ids.unparsed };
  for (const [key, value] of Object.entries(p))
    if (!PERSON_MAPPED.has(key) && key !== 'schoolName') flatten(extra, key, value, 0);
  const dob = str(p.dateOfBirth);
  if (dob && !IsoDate.safeParse(dob).success) extra.dateOfBirth = dob;
  const ageText = str(p.age);
  const age = Number(ageText);
  const identity = compact({
    names: [joinName(p), ...list(p.displayNames, p.displayName)].filter(isString),
    dateOfBirth: dob && IsoDate.safeParse(dob).success ? dob : undefined,
    addresses: [...(p.addresses ?? []), ...(p.address ?? [])]
      .map(address)
      .filter((a) => Object.keys(a).length),
    schoolName: str(p.schoolName),
    identifiers: ids.identifiers,
    notes: Object.keys(extra).length
      ? Object.entries(extra)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join('\n')
      : undefined,
  });
  const known = ageText !== undefined && Number.isInteger(age) && age >= 0;
  return compact({
    ageYears: known && age <= 25 ? age : undefined,
    ageEstimate: ageText && !(known && age <= 25) ? ageText.slice(0, 50) : undefined,
    location: place ? compact({ country: place.country, region: place.region }) : undefined,
    identity: Object.keys(identity).length ? identity : undefined,
  });
}

// ---- files ---------------------------------------------------------------------------------------------

/** Hex length decides the algorithm, as for fileDetails: a mislabelled hash is kept as what it is. */
const BY_LENGTH: Record<number, 'md5' | 'sha1' | 'sha256'> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

function file(f: UploadedFile): ReferralFile | undefined {
  const attributes: Attributes = {};
  const hashes: Partial<Record<'md5' | 'sha1' | 'sha256', string>> = {};
  const given: [string, string | undefined][] = [
    ['MD5', f.md5],
    ['SHA1', f.sha1],
    ['SHA256', f.sha256],
    ...(f.hashes ?? []).map((h) => [str(h.hashType) ?? 'unknown', h.value] as [string, string | undefined]),
  ];
  for (const [declared, raw] of given) {
    const value = str(raw);
    if (!value) continue;
    const algorithm = /^[0-9a-f]+$/i.test(value) ? BY_LENGTH[value.length] : undefined;
    if (algorithm && !hashes[algorithm]) hashes[algorithm] = value.toLowerCase();
    if (!algorithm || declared.replace('-', '').toLowerCase() !== algorithm)
      attributes[`hash ${declared}`] = value;
  }
  const pdq = str(f.pdq);
  const validPdq = pdq && /^[0-9a-f]{64}$/i.test(pdq) ? pdq.toLowerCase() : undefined;
  if (pdq && !validPdq) attributes.pdq = pdq;
  if (!hashes.md5 && !hashes.sha1 && !hashes.sha256 && !validPdq) return undefined;

  const size = Number(str(f.fileSize));
  if (str(f.fileSize) && !(Number.isSafeInteger(size) && size >= 0)) attributes.fileSize = f.fileSize!;
  const uploadedAt = dateTime(f.uploadedToEspTimestamp);
  if (f.uploadedToEspTimestamp && !uploadedAt) attributes.uploadedToEspTimestamp = f.uploadedToEspTimestamp;
  const originalName = str(f.originalFileName);
  const name = str(f.fileName) ?? originalName;
  if (originalName && name !== originalName) attributes.originalFileName = originalName;
  Object.assign(attributes, unmapped(f, UploadedFile));
  return compact({
    ...hashes,
    pdq: validPdq,
    sourceFileId: str(f.fileId),
    name,
    sizeBytes: str(f.fileSize) && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
    viewedByEsp: f.viewedByEsp,
    publiclyAvailable: f.publiclyAvailable,
    annotations: flagList(f.fileAnnotations),
    relevance: str(f.fileRelevance),
    industryClassification: str(f.industryClassification),
    uploadedAt,
    attributes: Object.keys(attributes).length ? attributes : undefined,
  }) as ReferralFile;
}

// ---- reading -------------------------------------------------------------------------------------------

export type CyberTipJsonRead =
  { ok: true; doc: CyberTipJson } | { ok: false; field?: string; message: string };

/** Parses and checks an export's text; the message names the first field that does not fit. */
export function readCyberTipJson(text: string): CyberTipJsonRead {
  let value: unknown;
  try {
    // A UTF-8 byte-order mark is common in exported files.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, message: `Malformed JSON: ${(error as Error).message}` };
  }
  const parsed = CyberTipJson.safeParse(value);
  if (parsed.success) return { ok: true, doc: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  // A field that is not there at all is "required", whatever kind of schema expected it.
  const missing = valueAt(value, issue.path) === undefined;
  return {
    ok: false,
    field: field || undefined,
    message: `${field ? `${field}: ` : ''}${missing ? 'is required' : issue.message}`,
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
