import { describe, expect, it } from 'vitest';
import type { FileMatchStatus } from '../src/api/matching.ts';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralInput } from '../src/referrals/schema.ts';
import type { FactorName } from '../src/triage/config.ts';
import { triageFacts, type TriageLinks } from '../src/triage/facts.ts';

const md5 = 'd41d8cd98f00b204e9800998ecf8427e';

function referral(overrides: Record<string, unknown>) {
  const data = ReferralInput.parse({
    source: 'cybertipline',
    incident: { type: 'child-sexual-abuse-material' },
    reporter: { kind: 'platform', name: 'Example' },
    ...overrides,
  });
  const result = normaliseReferral(data);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.referral;
}

const noLinks: TriageLinks = { referrals: 0, openCases: 0 };
const file = (extra: Record<string, unknown> = {}) => ({ md5, ...extra });

/** [what, referral fields, file statuses, links, the facts expected (factor → evidence)]. */
const cases: [
  string,
  Record<string, unknown>,
  FileMatchStatus[],
  TriageLinks,
  Partial<Record<FactorName, string[]>>,
][] = [
  ['a bare material report shows nothing', {}, [], noLinks, {}],
  [
    'escalation text',
    { incident: { type: 'other', escalation: 'The reporter believes abuse is happening now.' } },
    [],
    noLinks,
    { escalation: ['incident.escalation'] },
  ],
  [
    'a file in no list is unknown material; a known file is known material',
    { files: [file(), file(), file()] },
    ['known', 'allow-listed', 'not-in-any-list'],
    noLinks,
    {
      'known-material': ['files[0]: in a known-material list'],
      'unknown-material': ['files[2]: no match in any list'],
    },
  ],
  ['a file not matched yet says nothing', { files: [file()] }, ['pending'], noLinks, {}],
  [
    'evidence is bounded for many files',
    { files: Array.from({ length: 6 }, () => file()) },
    Array(6).fill('not-in-any-list'),
    noLinks,
    {
      'unknown-material': [
        'files[0]: no match in any list',
        'files[1]: no match in any list',
        'files[2]: no match in any list',
        'and 3 more',
      ],
    },
  ],
  [
    'victim ages: infant, under 12, estimated, and over 12',
    {
      victims: [
        { ageYears: 1 },
        { ageYears: 7 },
        { ageEstimate: '8-10' },
        { ageEstimate: 'infant' },
        { ageYears: 14 },
        { ageEstimate: '13-15' },
      ],
    },
    [],
    noLinks,
    {
      infant: ['victims[0].ageYears: 1', 'victims[3].ageEstimate: infant'],
      'under-12': ['victims[1].ageYears: 7', 'victims[2].ageEstimate: 8-10'],
    },
  ],
  [
    'an infant file annotation',
    { files: [file({ annotations: ['infant'] })] },
    ['known'],
    noLinks,
    { infant: ['files[0].annotations: infant'], 'known-material': ['files[0]: in a known-material list'] },
  ],
  [
    'live-streaming by incident type and annotation',
    { incident: { type: 'livestreamed-abuse' }, files: [file({ annotations: ['liveStreaming'] })] },
    ['pending'],
    noLinks,
    { livestreaming: ['incident.type: livestreamed-abuse', 'files[0].annotations: liveStreaming'] },
  ],
  [
    'sextortion by incident type and report annotation',
    { incident: { type: 'sextortion', annotations: ['sextortion'] } },
    [],
    noLinks,
    { sextortion: ['incident.type: sextortion', 'incident.annotations: sextortion'] },
  ],
  [
    'sadistic exploitation',
    { incident: { type: 'other', annotations: ['sadisticOnlineExploitation'] } },
    [],
    noLinks,
    { 'sadistic-exploitation': ['incident.annotations: sadisticOnlineExploitation'] },
  ],
  [
    'violence annotations',
    { files: [file({ annotations: ['physicalHarm', 'violenceGore'] })] },
    ['pending'],
    noLinks,
    { violence: ['files[0].annotations: physicalHarm', 'files[0].annotations: violenceGore'] },
  ],
  [
    'contact offending: incident type, solicitation, words in the text, prior reports',
    {
      incident: {
        type: 'online-enticement',
        annotations: ['csamSolicitation'],
        summary: 'The user describes grooming a child over several weeks.',
      },
      notes: 'Police note the user is a registered sex offender.',
      internetDetails: [{ kind: 'chat-im', content: 'Says he is the babysitter of two children.' }],
      reportedPersons: [{ priorReportIds: ['123', '456'] }],
    },
    [],
    noLinks,
    {
      'contact-offending': [
        'incident.type: online-enticement',
        'incident.annotations: csamSolicitation',
        'incident.summary: mentions "grooming"',
        'and 3 more',
      ],
    },
  ],
  [
    'a word inside another word is not a sign',
    { incident: { type: 'other', summary: 'Reproduced screenshots of a groomer-themed meme.' } },
    [],
    noLinks,
    {},
  ],
  [
    'payments: incident type, a financial lead, a payment account',
    {
      source: 'financial-lead',
      incident: { type: 'suspicious-payment' },
      reportedPersons: [
        { identifiers: [{ kind: 'payment-account', value: 'GCASH-0917', service: 'GCash' }] },
      ],
    },
    [],
    noLinks,
    {
      payment: [
        'incident.type: suspicious-payment',
        'source: financial-lead',
        'reportedPersons[0].identifiers[0]: payment account',
      ],
    },
  ],
  [
    'actionability: timestamped identifiers, a location, retained evidence',
    {
      location: { country: 'PH' },
      reportedPersons: [
        {
          identifiers: [{ kind: 'ip', value: '112.198.1.1', observedAt: '2026-01-01T00:00:00Z' }],
          location: { country: 'PH' },
        },
      ],
      files: [file({ ipCapture: { ip: '112.198.1.1', at: '2026-01-01T00:00:00Z' } })],
      evidenceReferences: [{ description: 'Preserved account records', heldBy: 'Example platform' }],
    },
    ['pending'],
    noLinks,
    {
      'timestamped-identifiers': ['files[0].ipCapture.at', 'reportedPersons[0].identifiers[0].observedAt'],
      location: ['location', 'reportedPersons[0].location'],
      'evidence-retained': ['evidenceReferences[0]'],
    },
  ],
  [
    'links to open cases and other referrals',
    {},
    [],
    { referrals: 3, openCases: 1 },
    {
      'linked-open-case': ['links: 1 open case(s)'],
      'linked-referrals': ['links: shares an identifier with other referrals'],
    },
  ],
  [
    'a linked financial alert is a payment fact',
    {},
    [],
    { referrals: 0, openCases: 0, financialAlerts: 2 },
    { payment: ['links: 2 financial alert(s)'] },
  ],
  [
    'review flags: viral, meme, self-produced, generative AI',
    {
      files: [
        file({ annotations: ['viral', 'potentialMeme'] }),
        file({ annotations: ['possibleSelfProduction', 'generativeAi'] }),
      ],
    },
    ['known', 'known'],
    noLinks,
    {
      'known-material': ['files[0]: in a known-material list', 'files[1]: in a known-material list'],
      'viral-meme': ['files[0].annotations: viral', 'files[0].annotations: potentialMeme'],
      'self-produced': ['files[1].annotations: possibleSelfProduction'],
      'generative-ai': ['files[1].annotations: generativeAi'],
    },
  ],
  [
    'a URL without a file is third-party hosted',
    {
      internetDetails: [
        { kind: 'web-page', identifiers: [{ kind: 'url', value: 'https://host.example/a' }] },
      ],
    },
    [],
    noLinks,
    { 'third-party-hosted': ['internetDetails[0].identifiers[0]: a URL, no file'] },
  ],
];

describe('triageFacts', () => {
  it.each(cases)('%s', (_what, fields, statuses, links, expected) => {
    expect(triageFacts(referral(fields), statuses, links)).toEqual(expected);
  });
});
