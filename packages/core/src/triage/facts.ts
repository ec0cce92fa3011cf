import type { FileMatchStatus } from '../api/matching.ts';
import type { NormalisedReferral } from '../referrals/normalise.ts';
import type { IncidentType } from '../referrals/schema.ts';
import type { FactorName } from './config.ts';

/** How many other referrals and open cases share an identifier with this one (from linking). */
export interface TriageLinks {
  referrals: number;
  openCases: number;
  /** Financial screening alerts (not dismissed) whose party this referral names. */
  financialAlerts?: number;
}

/** Each factor the referral shows, with the fields that say so ("files[2]: no match in any list"). */
export type TriageFacts = Partial<Record<FactorName, string[]>>;

/** Incident types that point to contact offending, not only circulation of material. */
const CONTACT_INCIDENTS: ReadonlySet<IncidentType> = new Set([
  'child-sex-trafficking',
  'child-sex-tourism',
  'child-sexual-molestation',
  'online-enticement',
]);

/** Source annotations (CyberTipline reportAnnotations and fileAnnotations, any case) and the factor each raises. */
const ANNOTATION_FACTORS: Record<string, FactorName> = {
  livestreaming: 'livestreaming',
  infant: 'infant',
  sextortion: 'sextortion',
  sadisticonlineexploitation: 'sadistic-exploitation',
  physicalharm: 'violence',
  violencegore: 'violence',
  bestiality: 'violence',
  csamsolicitation: 'contact-offending',
  viral: 'viral-meme',
  potentialmeme: 'viral-meme',
  possibleselfproduction: 'self-produced',
  generativeai: 'generative-ai',
  animedrawingvirtualhentai: 'generative-ai',
};

/** Words in the reporter's own text that signal contact offending, by sign. Kept as data so it can grow. */
export const CONTACT_OFFENDING_TERMS: Record<string, string[]> = {
  'access to children': ['access to children', 'babysit', 'babysitter', 'caregiver', 'lives with the child'],
  production: ['produced', 'producing', 'filmed', 'recorded the child', 'production'],
  grooming: ['grooming', 'groomed', 'groom'],
  'prior offences': ['prior conviction', 'previously convicted', 'registered sex offender', 'prior offence'],
};
const TERM_PATTERNS = Object.values(CONTACT_OFFENDING_TERMS)
  .flat()
  .map((term) => ({ term, pattern: new RegExp(`\\b${term}\\b`, 'i') }));

/** Incident types that alone say what a factor says. */
const INCIDENT_FACTORS: Partial<Record<IncidentType, FactorName>> = {
  'livestreamed-abuse': 'livestreaming',
  sextortion: 'sextortion',
  'suspicious-payment': 'payment',
};

const INFANT_WORDS = /\b(infant|baby|newborn|toddler)\b/i;
/** Evidence kept per factor: enough to explain, bounded for a referral with thousands of files. */
const MAX_EVIDENCE = 3;

/** The highest age an estimate names ("8-10" → 10), if any. */
function estimateUpperAge(estimate: string): number | undefined {
  const numbers = estimate.match(/\d+/g)?.map(Number);
  return numbers?.length ? Math.max(...numbers) : undefined;
}

/**
 * What a referral says for each triage factor: from the referral as normalised, the hash-matching status of
 * each of its files (by index), and its links to other referrals and open cases.
 */
export function triageFacts(
  referral: NormalisedReferral,
  fileStatuses: readonly FileMatchStatus[],
  links: TriageLinks,
): TriageFacts {
  const facts: TriageFacts = {};
  const counts = new Map<FactorName, number>();
  const note = (factor: FactorName, evidence: string) => {
    const n = (counts.get(factor) ?? 0) + 1;
    counts.set(factor, n);
    const list = (facts[factor] ??= []);
    if (n <= MAX_EVIDENCE) list.push(evidence);
    else list[MAX_EVIDENCE] = `and ${n - MAX_EVIDENCE} more`;
  };
  const annotated = (field: string, annotations: string[] | undefined) => {
    for (const annotation of annotations ?? []) {
      const factor = ANNOTATION_FACTORS[annotation.toLowerCase()];
      if (factor) note(factor, `${field}: ${annotation}`);
    }
  };
  const { incident } = referral;

  if (incident.escalation) note('escalation', 'incident.escalation');
  const incidentFactor = INCIDENT_FACTORS[incident.type];
  if (incidentFactor) note(incidentFactor, `incident.type: ${incident.type}`);
  if (CONTACT_INCIDENTS.has(incident.type)) note('contact-offending', `incident.type: ${incident.type}`);
  annotated('incident.annotations', incident.annotations);
  if (referral.source === 'financial-lead') note('payment', 'source: financial-lead');

  const texts: [string, string | undefined][] = [
    ['incident.escalation', incident.escalation],
    ['incident.summary', incident.summary],
    ['notes', referral.notes],
    ...referral.internetDetails.map((d, i): [string, string | undefined] => [
      `internetDetails[${i}].content`,
      d.content,
    ]),
  ];
  for (const [field, text] of texts) {
    const found = text && TERM_PATTERNS.find(({ pattern }) => pattern.test(text));
    if (found) note('contact-offending', `${field}: mentions "${found.term}"`);
  }

  referral.files.forEach((file, i) => {
    const status = fileStatuses[i];
    if (status === 'not-in-any-list') note('unknown-material', `files[${i}]: no match in any list`);
    if (status === 'known') note('known-material', `files[${i}]: in a known-material list`);
    annotated(`files[${i}].annotations`, file.annotations);
    if (file.ipCapture?.at) note('timestamped-identifiers', `files[${i}].ipCapture.at`);
  });

  referral.victims.forEach((victim, i) => {
    const upper = victim.ageEstimate === undefined ? undefined : estimateUpperAge(victim.ageEstimate);
    if (victim.ageYears !== undefined && victim.ageYears < 2)
      note('infant', `victims[${i}].ageYears: ${victim.ageYears}`);
    else if (victim.ageYears !== undefined && victim.ageYears < 12)
      note('under-12', `victims[${i}].ageYears: ${victim.ageYears}`);
    else if (victim.ageYears === undefined && victim.ageEstimate && INFANT_WORDS.test(victim.ageEstimate))
      note('infant', `victims[${i}].ageEstimate: ${victim.ageEstimate}`);
    else if (victim.ageYears === undefined && upper !== undefined && upper < 12)
      note('under-12', `victims[${i}].ageEstimate: ${victim.ageEstimate}`);
  });

  if (referral.location) note('location', 'location');
  referral.reportedPersons.forEach((person, p) => {
    const field = `reportedPersons[${p}]`;
    if (person.location || person.addresses?.length) note('location', `${field}.location`);
    if (person.priorReportIds?.length)
      note('contact-offending', `${field}.priorReportIds: ${person.priorReportIds.length} earlier report(s)`);
    person.identifiers.forEach((identifier, i) => {
      if (identifier.observedAt) note('timestamped-identifiers', `${field}.identifiers[${i}].observedAt`);
      if (identifier.kind === 'payment-account')
        note('payment', `${field}.identifiers[${i}]: payment account`);
    });
  });
  referral.internetDetails.forEach((detail, d) => {
    detail.identifiers.forEach((identifier, i) => {
      const field = `internetDetails[${d}].identifiers[${i}]`;
      if (identifier.observedAt) note('timestamped-identifiers', `${field}.observedAt`);
      if (identifier.kind === 'url' && !referral.files.length)
        note('third-party-hosted', `${field}: a URL, no file`);
    });
  });
  referral.evidenceReferences.forEach((_, i) => note('evidence-retained', `evidenceReferences[${i}]`));

  if (links.openCases > 0) note('linked-open-case', `links: ${links.openCases} open case(s)`);
  // No count: a cluster keeps growing, and its members are not scored again each time (mergeComponents).
  if (links.referrals > 0) note('linked-referrals', 'links: shares an identifier with other referrals');
  if (links.financialAlerts) note('payment', `links: ${links.financialAlerts} financial alert(s)`);
  return facts;
}
