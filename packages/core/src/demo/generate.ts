import { PHILIPPINE_REGIONS } from '../geo/philippines.ts';
import type { Identifier, IncidentType, ReferralInput, ReferralSource } from '../referrals/schema.ts';
import { SeededRandom } from './random.ts';

/**
 * Synthetic, clinical, non-graphic demo referrals. Identifiers are invented: emails use reserved example
 * domains, and a pool of "recurring" accounts is shared between referrals so that linking has something to find.
 */
export interface DemoOptions {
  seed?: number;
  count?: number;
  /** The latest receipt time; referrals spread over the 120 days before it. */
  now?: Date;
}

const PLATFORMS = [
  'Facebook',
  'Instagram',
  'Messenger',
  'Snapchat',
  'Discord',
  'TikTok',
  'Telegram',
  'Skype',
];
const MOBILE_PREFIXES = [
  '905',
  '906',
  '915',
  '916',
  '917',
  '918',
  '919',
  '920',
  '921',
  '927',
  '928',
  '939',
  '947',
  '961',
  '977',
  '995',
  '998',
];
const PH_IP_BLOCKS = ['112.198', '120.28', '49.145', '49.146', '110.54', '122.52', '175.176', '180.190'];
const FOREIGN_IP_BLOCKS = [
  { country: 'US', prefix: '73.162' },
  { country: 'US', prefix: '24.16' },
  { country: 'GB', prefix: '86.150' },
  { country: 'AU', prefix: '101.160' },
  { country: 'CA', prefix: '142.118' },
  { country: 'DE', prefix: '91.64' },
];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const NAME_PARTS = [
  'blue',
  'star',
  'river',
  'sun',
  'moon',
  'island',
  'palm',
  'coast',
  'rain',
  'ace',
  'kid',
  'boss',
  'wave',
  'mango',
];
const CITIES: Record<string, string[]> = {
  NCR: ['Quezon City', 'Manila', 'Caloocan', 'Taguig', 'Pasig'],
  VII: ['Cebu City', 'Lapu-Lapu City', 'Mandaue City'],
  XI: ['Davao City', 'Tagum'],
  'IV-A': ['Calamba', 'Antipolo', 'Dasmariñas'],
  III: ['Angeles City', 'San Fernando'],
  VI: ['Iloilo City', 'Bacolod'],
};

const SUMMARIES: Record<IncidentType, string[]> = {
  'child-sexual-abuse-material': [
    'The platform detected an account sharing files that matched its list of known child sexual abuse material.',
    'Automated hash matching flagged files uploaded to a private group; the account was disabled.',
  ],
  'livestreamed-abuse': [
    'Chat records indicate an adult arranging paid live video sessions involving a minor in the household.',
    'A foreign offender referenced scheduled video calls with a facilitator and a child; payments mentioned.',
  ],
  'online-enticement': [
    'An adult account repeatedly contacted a user who stated they were 13 and requested images.',
  ],
  sextortion: [
    'A user reported being pressured to pay after sharing images; the account demanded money by e-wallet.',
  ],
  'suspicious-payment': [
    'Repeated small remittances from several foreign senders to one local beneficiary, with cover narratives.',
  ],
  'child-sex-trafficking': [
    'Messages suggest a facilitator offering access to children to foreign contacts.',
  ],
  'child-sexual-molestation': ['A user disclosed contact abuse by a relative in the same household.'],
  'child-sex-tourism': ['A foreign national discussed travel plans to meet minors.'],
  'misleading-domain-name': ['A domain name appears designed to lure users to exploitative material.'],
  'misleading-words-or-images': ['A page uses misleading words to draw users to exploitative content.'],
  'unsolicited-obscene-material': ['An adult sent unsolicited obscene material to a child user.'],
  other: ['Information received that may relate to the exploitation of a child.'],
};

const SOURCE_MIX: { source: ReferralSource; weight: number; types: IncidentType[] }[] = [
  {
    source: 'cybertipline',
    weight: 55,
    types: ['child-sexual-abuse-material', 'online-enticement', 'sextortion', 'livestreamed-abuse'],
  },
  { source: 'cybertip-export', weight: 15, types: ['child-sexual-abuse-material', 'online-enticement'] },
  { source: 'foreign-police', weight: 12, types: ['livestreamed-abuse', 'child-sex-trafficking'] },
  { source: 'financial-lead', weight: 10, types: ['suspicious-payment'] },
  { source: 'public', weight: 8, types: ['child-sexual-molestation', 'livestreamed-abuse', 'other'] },
];

interface Account {
  identifiers: Identifier[];
  region: string;
}

function phMobile(r: SeededRandom): string {
  return `+63${r.pick(MOBILE_PREFIXES)}${r.digits(7)}`;
}

function handle(r: SeededRandom): string {
  return `${r.pick(NAME_PARTS)}${r.pick(['_', '.', ''])}${r.pick(NAME_PARTS)}${r.int(1, 999)}`;
}

function phIp(r: SeededRandom): string {
  return `${r.pick(PH_IP_BLOCKS)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function makeAccount(r: SeededRandom): Account {
  const platform = r.pick(PLATFORMS);
  const name = handle(r);
  const identifiers: Identifier[] = [
    { kind: 'screen-name', value: name, service: platform },
    { kind: 'esp-user-id', value: String(r.int(100000000, 999999999)), service: platform },
  ];
  if (r.chance(0.6)) identifiers.push({ kind: 'email', value: `${name}@${r.pick(EMAIL_DOMAINS)}` });
  if (r.chance(0.5)) identifiers.push({ kind: 'phone', value: phMobile(r) });
  return { identifiers, region: r.pick(PHILIPPINE_REGIONS).code };
}

function pickSource(r: SeededRandom) {
  const total = SOURCE_MIX.reduce((s, m) => s + m.weight, 0);
  let roll = r.next() * total;
  for (const mix of SOURCE_MIX) {
    roll -= mix.weight;
    if (roll < 0) return mix;
  }
  return SOURCE_MIX[0]!;
}

export function generateDemoReferrals(options: DemoOptions = {}): ReferralInput[] {
  const r = new SeededRandom(options.seed ?? 2019);
  const count = options.count ?? 300;
  const now = (options.now ?? new Date('2026-11-01T00:00:00Z')).getTime();
  // About one referral in three reuses an account seen before: the overlap that linking finds.
  const recurring = Array.from({ length: Math.max(5, Math.floor(count / 12)) }, () => makeAccount(r));
  const referrals: ReferralInput[] = [];

  for (let n = 0; n < count; n++) {
    const mix = pickSource(r);
    const type = r.pick(mix.types);
    const receivedAt = new Date(now - r.int(0, 120 * 24 * 3600) * 1000);
    const occurredAt = new Date(receivedAt.getTime() - r.int(3600, 20 * 24 * 3600) * 1000);
    const account = r.chance(0.35) ? r.pick(recurring) : makeAccount(r);
    const identifiers: Identifier[] = account.identifiers.map((i) => ({ ...i }));
    const ipCount = r.int(0, 3);
    for (let k = 0; k < ipCount; k++) {
      identifiers.push({
        kind: 'ip',
        value: phIp(r),
        observedAt: new Date(occurredAt.getTime() + k * 3600_000).toISOString(),
        event: r.pick(['Login', 'Upload', 'Registration']),
      });
    }
    const reportedPersons: ReferralInput['reportedPersons'] = [
      {
        role: 'reported',
        identifiers,
        location: { country: 'PH', region: account.region },
      },
    ];
    if (type === 'livestreamed-abuse' || type === 'suspicious-payment' || r.chance(0.15)) {
      const foreign = r.pick(FOREIGN_IP_BLOCKS);
      reportedPersons.push({
        role: 'intended-recipient',
        identifiers: [
          { kind: 'screen-name', value: handle(r), service: r.pick(PLATFORMS) },
          {
            kind: 'ip',
            value: `${foreign.prefix}.${r.int(0, 255)}.${r.int(1, 254)}`,
            observedAt: occurredAt.toISOString(),
            event: 'Login',
          },
        ],
        location: { country: foreign.country },
      });
    }
    const fileCount = mix.source === 'cybertipline' || mix.source === 'cybertip-export' ? r.int(0, 4) : 0;
    const files = Array.from({ length: fileCount }, (_, k) => ({
      name: `upload_${r.digits(6)}_${k}.jpg`,
      md5: Array.from({ length: 32 }, () => r.int(0, 15).toString(16)).join(''),
      viewedByEsp: r.chance(0.7),
      publiclyAvailable: false,
    }));
    const platform = identifiers.find((i) => i.service)?.service ?? 'Facebook';
    const reporter: ReferralInput['reporter'] =
      mix.source === 'cybertipline' || mix.source === 'cybertip-export'
        ? { kind: 'platform', name: platform }
        : mix.source === 'foreign-police'
          ? {
              kind: 'law-enforcement',
              name: r.pick(['UK National Crime Agency', 'Australian Federal Police', 'US HSI']),
              country: r.pick(['GB', 'AU', 'US']),
            }
          : mix.source === 'financial-lead'
            ? {
                kind: 'financial-institution',
                name: r.pick(['Demo Remittance Co.', 'Demo E-Wallet Inc.', 'Demo Bank']),
                country: 'PH',
              }
            : { kind: 'public', name: 'Community member (anonymous)' };
    const city = CITIES[account.region];
    referrals.push({
      source: mix.source,
      receivedAt: receivedAt.toISOString(),
      externalIds:
        mix.source === 'cybertipline' || mix.source === 'cybertip-export'
          ? [{ system: 'cybertipline', id: String(100000000 + n * 7919) }]
          : mix.source === 'foreign-police'
            ? [{ system: 'foreign-police', id: `REF-${r.digits(6)}` }]
            : [],
      incident: {
        type,
        occurredAt: occurredAt.toISOString(),
        summary: r.pick(SUMMARIES[type]),
        ...(r.chance(0.08)
          ? { escalation: 'Reporter states a child may be at immediate risk in the household.' }
          : {}),
      },
      reporter,
      location: { country: 'PH', region: account.region, ...(city ? { city: r.pick(city) } : {}) },
      reportedPersons,
      files,
    });
  }
  return referrals;
}
