import { normaliseIdentifier, type IdentifierKind } from '../../identifiers/normalise.ts';
import type {
  Address,
  Attributes,
  Identifier,
  IncidentType,
  InternetDetail,
  ReferralInput,
  ReportedPerson,
  Victim,
} from '../../referrals/schema.ts';
import { allText, attr, bool, child, children, flags, text, xmlParser, type XmlNode } from '../xml.ts';

/** Elements the schema allows more than once: always parsed as arrays. */
export const CYBERTIPLINE_REPEATED: ReadonlySet<string> = new Set([
  'internetDetails',
  'personOrUserReported',
  'intendedRecipient',
  'victim',
  'incidentType',
  'ipCaptureEvent',
  'deviceId',
  'screenName',
  'displayName',
  'profileUrl',
  'phone',
  'email',
  'emailAddress',
  'address',
  'associatedAccount',
  'priorCTReports',
  'priorCTReport',
  'originalFileHash',
  'nameValuePair',
  'details',
  'fileNames',
  'url',
  'additionalInfo',
]);

export const cybertiplineParser = xmlParser(CYBERTIPLINE_REPEATED);

/** The CyberTipline incident types, verbatim, and Sinag's codes for them. */
export const CYBERTIPLINE_INCIDENT_TYPES: Record<string, IncidentType> = {
  'Child Pornography (possession, manufacture, and distribution)': 'child-sexual-abuse-material',
  'Child Sex Trafficking': 'child-sex-trafficking',
  'Child Sex Tourism': 'child-sex-tourism',
  'Child Sexual Molestation': 'child-sexual-molestation',
  'Misleading Domain Name': 'misleading-domain-name',
  'Misleading Words or Digital Images on the Internet': 'misleading-words-or-images',
  'Online Enticement of Children for Sexual Acts': 'online-enticement',
  'Unsolicited Obscene Material Sent to a Child': 'unsolicited-obscene-material',
};

/** When a report names several types, the one closest to contact abuse of a child leads. */
export const SEVERITY: IncidentType[] = [
  'child-sex-trafficking',
  'child-sexual-molestation',
  'online-enticement',
  'child-sex-tourism',
  'child-sexual-abuse-material',
  'unsolicited-obscene-material',
  'misleading-words-or-images',
  'misleading-domain-name',
];

export interface ReportContext {
  /** The platform (ESP) account that submitted the report. */
  platformName: string;
  reportId?: string;
  receivedAt?: string;
  source?: 'cybertipline' | 'cybertip-export';
}

const compact = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)),
  ) as T;

function joinName(person: XmlNode | undefined): string | undefined {
  const parts = ['firstName', 'middleName', 'lastName'].map((n) => text(child(person, n))).filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function address(node: XmlNode): Address {
  const country = text(child(node, 'country'));
  return compact({
    street: text(child(node, 'address')),
    city: text(child(node, 'city')),
    region: text(child(node, 'state')) ?? text(child(node, 'nonUsaState')),
    postalCode: text(child(node, 'zipCode')),
    country: country && /^[A-Za-z]{2}$/.test(country) ? country : undefined,
    kind: attr(node, 'type'),
  });
}

/**
 * Collects identifiers, setting aside any value that cannot be normalised (a malformed IP, a phone
 * without a country) as an attribute, so one bad value neither rejects the report nor is lost.
 * (Also used by the CyberTip JSON mapping.)
 */
export class IdentifierCollector {
  readonly identifiers: Identifier[] = [];
  readonly unparsed: Attributes = {};

  constructor(private readonly country?: string) {}

  add(kind: IdentifierKind, value: string | undefined, extra: Omit<Identifier, 'kind' | 'value'> = {}): void {
    if (!value) return;
    const check = normaliseIdentifier(kind, value, { service: extra.service, defaultCountry: this.country });
    if (check.ok) this.identifiers.push(compact({ kind, value, ...extra }));
    else this.unparsed[`unparsed ${kind} ${Object.keys(this.unparsed).length + 1}`] = value;
  }

  emails(nodes: XmlNode[]): void {
    for (const node of nodes)
      this.add('email', text(node), compact({ verified: bool(attr(node, 'verified')) }));
  }

  phones(nodes: XmlNode[]): void {
    for (const node of nodes) {
      const number = text(node);
      const calling = attr(node, 'countryCallingCode');
      const value = number && calling && !number.startsWith('+') ? `${calling} ${number}` : number;
      this.add('phone', value, compact({ verified: bool(attr(node, 'verified')) }));
    }
  }

  ipEvents(nodes: XmlNode[]): void {
    for (const node of nodes) {
      this.add(
        'ip',
        text(child(node, 'ipAddress')),
        compact({ event: text(child(node, 'eventName')), observedAt: text(child(node, 'dateTime')) }),
      );
    }
  }

  devices(nodes: XmlNode[]): void {
    for (const node of nodes) {
      this.add(
        'device-id',
        text(child(node, 'idValue')),
        compact({
          service: text(child(node, 'idType')),
          event: text(child(node, 'eventName')),
          observedAt: text(child(node, 'dateTime')),
        }),
      );
    }
  }

  /** Everything that identifies an account on a service: ids, names, URLs, contact points, captures. */
  account(node: XmlNode, fallbackService?: string): void {
    const service = text(child(node, 'espService')) ?? fallbackService;
    this.add('esp-user-id', text(child(node, 'espIdentifier')), compact({ service }));
    for (const name of children(node, 'screenName'))
      this.add('screen-name', text(name), compact({ service }));
    for (const url of children(node, 'profileUrl')) this.add('url', text(url));
    this.emails(children(node, 'email'));
    this.phones(children(node, 'phone'));
    this.ipEvents(children(node, 'ipCaptureEvent'));
    this.devices(children(node, 'deviceId'));
  }
}

/** Account facts that are not identifiers, kept as attributes. */
function accountAttributes(node: XmlNode, prefix = ''): Attributes {
  const out: Attributes = {};
  const put = (name: string, value: string | boolean | undefined) => {
    if (value !== undefined) out[prefix + name] = value;
  };
  put('compromisedAccount', bool(text(child(node, 'compromisedAccount'))));
  put('thirdPartyUserReported', bool(text(child(node, 'thirdPartyUserReported'))));
  put('groupIdentifier', text(child(node, 'groupIdentifier')));
  put('vehicleDescription', text(child(node, 'vehicleDescription')));
  put('profileBio', text(child(node, 'profileBio')));
  put('allEmailsReported', bool(text(child(node, 'allEmailsReported'))));
  put('additionalInfo', allText(node, 'additionalInfo'));
  for (const name of ['accountTemporarilyDisabled', 'accountPermanentlyDisabled']) {
    const flag = child(node, name);
    if (!flag) continue;
    put(name, bool(text(flag)));
    for (const a of ['disabledDate', 'userNotified', 'userNotifiedDate', 'reenabledDate'])
      put(`${name}.${a}`, attr(flag, a));
  }
  return out;
}

function estimatedLocation(node: XmlNode | undefined) {
  const location = child(node, 'estimatedLocation');
  if (!location) return undefined;
  const country = text(child(location, 'countryCode'));
  return compact({
    country: country && /^[A-Za-z]{2}$/.test(country) ? country : undefined,
    region: text(child(location, 'region')),
    city: text(child(location, 'city')),
  });
}

/** The identifiers of a reported person, recipient or victim: the account's and the person block's. */
function accountIdentifiers(
  node: XmlNode,
  details: XmlNode | undefined,
  country: string | undefined,
  platform: string | undefined,
): IdentifierCollector {
  const ids = new IdentifierCollector(country);
  ids.account(node, platform);
  ids.emails(children(details, 'email'));
  ids.phones(children(details, 'phone'));
  return ids;
}

function person(
  node: XmlNode,
  role: ReportedPerson['role'],
  personElement: string,
  platform: string | undefined,
): ReportedPerson {
  const details = child(node, personElement);
  const location = estimatedLocation(node);
  const ids = accountIdentifiers(node, details, location?.country, platform);
  const attributes: Attributes = { ...accountAttributes(node), ...ids.unparsed };
  children(node, 'associatedAccount').forEach((account, i) => {
    const platformNode = child(account, 'platform');
    ids.account(account, text(platformNode));
    const prefix = `associatedAccount ${i + 1}.`;
    const type = attr(account, 'type');
    if (type) attributes[`${prefix}type`] = type;
    const name = joinName(account);
    if (name) attributes[`${prefix}name`] = name;
    Object.assign(attributes, accountAttributes(account, prefix));
  });
  const age = Number(text(child(details, 'age')));
  return compact({
    role,
    name: joinName(details),
    displayNames: children(node, 'displayName')
      .map(text)
      .filter((v): v is string => !!v),
    identifiers: ids.identifiers,
    location,
    addresses: children(details, 'address').map(address),
    ageYears: Number.isInteger(age) && age >= 0 && age <= 130 ? age : undefined,
    dateOfBirth: text(child(details, 'dateOfBirth')),
    priorReportIds: children(node, 'priorCTReports')
      .map(text)
      .filter((v): v is string => !!v),
    attributes: Object.keys(attributes).length ? attributes : undefined,
  });
}

function victim(node: XmlNode, platform: string | undefined): Victim {
  const details = child(node, 'victimPerson');
  const location = estimatedLocation(node);
  const ids = accountIdentifiers(node, details, location?.country, platform);
  const age = Number(text(child(details, 'age')));
  const notes = [allText(node, 'additionalInfo'), text(child(node, 'profileBio'))].filter(Boolean).join('\n');
  const identity = compact({
    names: [joinName(details), ...children(node, 'displayName').map(text)].filter((v): v is string => !!v),
    dateOfBirth: text(child(details, 'dateOfBirth')),
    addresses: children(details, 'address').map(address),
    schoolName: text(child(node, 'schoolName')),
    identifiers: ids.identifiers,
    notes:
      [notes, ...Object.entries(ids.unparsed).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join('\n') ||
      undefined,
  });
  return compact({
    ageYears: Number.isInteger(age) && age >= 0 && age <= 25 ? age : undefined,
    ageEstimate: Number.isInteger(age) && age > 25 ? String(age) : undefined,
    location: location ? compact({ country: location.country, region: location.region }) : undefined,
    identity: Object.keys(identity).length ? identity : undefined,
  });
}

const INTERNET_DETAIL_KINDS: Record<string, InternetDetail['kind']> = {
  webPageIncident: 'web-page',
  emailIncident: 'email',
  newsgroupIncident: 'newsgroup',
  chatImIncident: 'chat-im',
  onlineGamingIncident: 'online-gaming',
  cellPhoneIncident: 'cell-phone',
  nonInternetIncident: 'non-internet',
  peer2peerIncident: 'peer-to-peer',
};

function internetDetails(node: XmlNode): InternetDetail[] {
  if (typeof node === 'string') return [];
  return Object.entries(INTERNET_DETAIL_KINDS).flatMap(([element, kind]) =>
    children(node, element).map((incident) => {
      const ids = new IdentifierCollector();
      for (const url of children(incident, 'url')) ids.add('url', text(url));
      ids.emails(children(incident, 'emailAddress'));
      ids.phones(children(incident, 'phoneNumber'));
      ids.ipEvents(children(incident, 'ipCaptureEvent'));
      const attributes: Attributes = { ...ids.unparsed };
      for (const name of [
        'name',
        'chatClient',
        'chatRoomName',
        'gameName',
        'console',
        'latitude',
        'longitude',
        'locationName',
        'client',
        'additionalInfo',
      ]) {
        const value = name === 'additionalInfo' ? allText(incident, name) : text(child(incident, name));
        if (value) attributes[name] = value;
      }
      const fileNames = children(incident, 'fileNames').map(text).filter(Boolean);
      if (fileNames.length) attributes.fileNames = fileNames.join('\n');
      const thirdParty = bool(attr(incident, 'thirdPartyHostedContent'));
      if (thirdParty !== undefined) attributes.thirdPartyHostedContent = thirdParty;
      const place = child(incident, 'incidentAddress');
      if (place) for (const [k, v] of Object.entries(address(place))) attributes[`incidentAddress.${k}`] = v;
      return compact({
        kind,
        identifiers: ids.identifiers,
        content: text(child(incident, 'content')),
        attributes: Object.keys(attributes).length ? attributes : undefined,
      });
    }),
  );
}

function lawEnforcement(node: XmlNode | undefined): ReferralInput['lawEnforcement'] {
  if (!node) return undefined;
  const officer = child(node, 'officerContact');
  const international = child(node, 'servedLegalProcessInternational');
  const country = attr(international, 'fleaCountry');
  return compact({
    agency: text(child(node, 'agencyName')),
    caseNumber: text(child(node, 'caseNumber')),
    officerName: joinName(officer),
    officerEmail: text(child(officer, 'email')),
    officerPhone: text(child(officer, 'phone')),
    reportedToLawEnforcement: bool(text(child(node, 'reportedToLe'))),
    servedLegalProcessDomestic: bool(text(child(node, 'servedLegalProcessDomestic'))),
    servedLegalProcessInternational: bool(text(international)),
    country: country && /^[A-Za-z]{2}$/.test(country) ? country : undefined,
  });
}

function reporter(node: XmlNode | undefined, platformName: string): ReferralInput['reporter'] {
  const reporting = child(node, 'reportingPerson');
  const contact = child(node, 'contactPerson');
  const attributes: Attributes = {};
  for (const name of ['companyTemplate', 'termsOfService', 'legalURL']) {
    const value = text(child(node, name));
    if (value) attributes[name] = value;
  }
  const contactName = joinName(contact);
  if (contactName) attributes.contactPerson = contactName;
  const contactEmail = text(child(contact, 'email'));
  if (contactEmail) attributes.contactPersonEmail = contactEmail;
  return compact({
    kind: 'platform' as const,
    name: platformName,
    contactName: joinName(reporting),
    email: text(child(reporting, 'email')),
    phone: text(child(reporting, 'phone')),
    attributes: Object.keys(attributes).length ? attributes : undefined,
  });
}

/** Maps a parsed, schema-valid CyberTipline `report` element into the canonical referral. */
export function mapCyberTiplineReport(report: XmlNode, context: ReportContext): ReferralInput {
  const summary = child(report, 'incidentSummary');
  const sourceTypes = children(summary, 'incidentType')
    .map(text)
    .filter((v): v is string => !!v);
  const types = sourceTypes.map((t) => CYBERTIPLINE_INCIDENT_TYPES[t] ?? 'other');
  const type = SEVERITY.find((t) => types.includes(t)) ?? types[0] ?? 'other';
  const platform = text(child(summary, 'platform'));
  const reportedPersons = [
    ...children(report, 'personOrUserReported').map((p) =>
      person(p, 'reported', 'personOrUserReportedPerson', platform),
    ),
    ...children(report, 'intendedRecipient').map((p) =>
      person(p, 'intended-recipient', 'intendedRecipientPerson', platform),
    ),
  ];
  const batched = child(report, 'batchedReport');
  const reporterInfo = reporter(child(report, 'reporter'), context.platformName);
  const reporterAttributes: Attributes = { ...reporterInfo.attributes };
  if (platform) reporterAttributes.platform = platform;
  if (batched) reporterAttributes.batchedReportReason = attr(batched, 'reason') ?? 'batched';
  const firstLocation = reportedPersons.find((p) => p.location?.country)?.location;
  return compact({
    source: context.source ?? 'cybertipline',
    receivedAt: context.receivedAt,
    externalIds: context.reportId ? [{ system: 'cybertipline', id: context.reportId }] : [],
    incident: compact({
      type,
      occurredAt: text(child(summary, 'incidentDateTime')),
      occurredAtDescription: text(child(summary, 'incidentDateTimeDescription')),
      escalation: text(child(summary, 'escalateToHighPriority')),
      annotations: flags(child(summary, 'reportAnnotations')),
      sourceTypes,
    }),
    reporter: compact({
      ...reporterInfo,
      attributes: Object.keys(reporterAttributes).length ? reporterAttributes : undefined,
    }),
    location: firstLocation,
    internetDetails: children(report, 'internetDetails').flatMap(internetDetails),
    lawEnforcement: lawEnforcement(child(report, 'lawEnforcement')),
    reportedPersons,
    victims: children(report, 'victim').map((v) => victim(v, platform)),
    files: [],
    notes: allText(report, 'additionalInfo'),
  });
}
