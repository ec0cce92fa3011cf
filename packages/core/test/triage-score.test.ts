import { describe, expect, it } from 'vitest';
import { clockState, type ClockState } from '../src/triage/clock.ts';
import { DEFAULT_TRIAGE_CONFIG, TriageConfig, type Band } from '../src/triage/config.ts';
import type { TriageFacts } from '../src/triage/facts.ts';
import { scoreReferral } from '../src/triage/score.ts';

const config = DEFAULT_TRIAGE_CONFIG;
const withFactor = (name: string, change: object): TriageConfig => ({
  ...config,
  factors: config.factors.map((f) => (f.name === name ? { ...f, ...change } : f)),
});

/** [what, facts, config, band, score]. Default thresholds: P1 ≥ 60, P2 ≥ 35, P3 ≥ 15. */
const bands: [string, TriageFacts, TriageConfig, Band, number][] = [
  ['nothing at all is informational', {}, config, 'P4', 0],
  ['escalation alone is P1 whatever its score', { escalation: ['incident.escalation'] }, config, 'P1', 50],
  [
    'escalation is P1 even weighted 0',
    { escalation: ['incident.escalation'] },
    withFactor('escalation', { weight: 0 }),
    'P1',
    0,
  ],
  ['known material alone is informational', { 'known-material': ['files[0]'] }, config, 'P4', 5],
  [
    'a weight at the P3 threshold is P3',
    { location: ['location'], 'timestamped-identifiers': ['x'] },
    config,
    'P3',
    15,
  ],
  [
    'unknown material and a location: P2 needs 35',
    { 'unknown-material': ['f'], location: ['l'] },
    config,
    'P3',
    30,
  ],
  ['livestreaming and a location reach P2', { livestreaming: ['t'], location: ['l'] }, config, 'P2', 35],
  [
    'livestreaming, a child under 12 and unknown material: P1',
    { livestreaming: ['t'], 'under-12': ['v'], 'unknown-material': ['f'] },
    config,
    'P1',
    75,
  ],
  [
    'the score is held at 100',
    { livestreaming: ['a'], infant: ['b'], 'sadistic-exploitation': ['c'], violence: ['d'] },
    config,
    'P1',
    100,
  ],
  [
    'review flags lower the score, never below 0',
    { 'known-material': ['f'], 'generative-ai': ['g'], 'viral-meme': ['v'] },
    config,
    'P4',
    0,
  ],
  [
    'a review flag lowers P2 to P3',
    { livestreaming: ['t'], location: ['l'], 'third-party-hosted': ['u'] },
    config,
    'P3',
    30,
  ],
  [
    'a disabled factor does not count',
    { livestreaming: ['t'], location: ['l'] },
    withFactor('livestreaming', { enabled: false }),
    'P4',
    5,
  ],
  ['weights are configuration', { location: ['l'] }, withFactor('location', { weight: 70 }), 'P1', 70],
  [
    'thresholds are configuration',
    { livestreaming: ['t'] },
    { ...config, thresholds: { P1: 30, P2: 20, P3: 10 } },
    'P1',
    30,
  ],
];

describe('scoreReferral: bands and score', () => {
  it.each(bands)('%s', (_what, facts, cfg, band, score) => {
    const result = scoreReferral(facts, cfg);
    expect(result.band).toBe(band);
    expect(result.score).toBe(score);
  });
});

describe('scoreReferral: explanation', () => {
  it('lists the enabled factors heaviest first, each with its weight and evidence', () => {
    const result = scoreReferral(
      {
        location: ['location'],
        'unknown-material': ['files[2]: no match in any list'],
        'under-12': ['victims[0].ageYears: 7', 'victims[1].ageEstimate: 8-10'],
      },
      config,
    );
    expect(result.factors).toEqual([
      { name: 'unknown-material', weight: 25, evidence: 'files[2]: no match in any list' },
      { name: 'under-12', weight: 20, evidence: 'victims[0].ageYears: 7; victims[1].ageEstimate: 8-10' },
      { name: 'location', weight: 5, evidence: 'location' },
    ]);
    expect(result.flags).toEqual([]);
  });

  it('reports review flags even when disabled, without counting them', () => {
    const facts = { livestreaming: ['t'], 'self-produced': ['files[0].annotations: possibleSelfProduction'] };
    const result = scoreReferral(facts, withFactor('self-produced', { enabled: false }));
    expect(result.flags).toEqual([
      { name: 'self-produced', evidence: 'files[0].annotations: possibleSelfProduction' },
    ]);
    expect(result.factors.map((f) => f.name)).toEqual(['livestreaming']);
    expect(result.score).toBe(30);
  });
});

describe('TriageConfig', () => {
  it('accepts the default', () => {
    expect(TriageConfig.parse(DEFAULT_TRIAGE_CONFIG)).toEqual(DEFAULT_TRIAGE_CONFIG);
  });

  const invalid: [string, unknown, string, string][] = [
    [
      'a raising factor weighted below 0',
      withFactor('location', { weight: -1 }),
      'factors.12.weight',
      'must be 0 or more',
    ],
    [
      'a review flag weighted above 0',
      withFactor('viral-meme', { weight: 5 }),
      'factors.16.weight',
      'only lower',
    ],
    [
      'escalation disabled',
      withFactor('escalation', { enabled: false }),
      'factors.0.enabled',
      'cannot be disabled',
    ],
    [
      'a missing factor',
      { ...config, factors: config.factors.slice(1) },
      'factors',
      'must include the factor escalation',
    ],
    [
      'a repeated factor',
      { ...config, factors: [...config.factors, config.factors[0]] },
      'factors.20.name',
      'more than once',
    ],
    ['an unknown factor', withFactor('location', { name: 'astrology' }), 'factors.12.name', 'Invalid option'],
    [
      'P2 not below P1',
      { ...config, thresholds: { P1: 40, P2: 40, P3: 10 } },
      'thresholds.P2',
      'must be below P1',
    ],
    [
      'P3 not below P2',
      { ...config, thresholds: { P1: 60, P2: 30, P3: 31 } },
      'thresholds.P3',
      'must be below P2',
    ],
    [
      'a target of 0 hours',
      { ...config, targetHours: { ...config.targetHours, P1: 0 } },
      'targetHours.P1',
      'at least 1 hour',
    ],
    [
      'a fractional target',
      { ...config, targetHours: { ...config.targetHours, P2: 1.5 } },
      'targetHours.P2',
      'whole number',
    ],
  ];
  it.each(invalid)('refuses %s, naming the field', (_what, value, path, message) => {
    const result = TriageConfig.safeParse(value);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });
});

describe('clockState', () => {
  const received = new Date('2026-01-01T00:00:00Z');
  const due = new Date('2026-01-02T00:00:00Z'); // a 24-hour target
  const cases: [string, Date | null, string, ClockState][] = [
    ['no target', null, '2026-01-05T00:00:00Z', 'none'],
    ['just received', due, '2026-01-01T00:00:00Z', 'running'],
    ['exactly a quarter left', due, '2026-01-01T18:00:00Z', 'running'],
    ['under a quarter left', due, '2026-01-01T18:00:01Z', 'nearly-due'],
    ['at the due time', due, '2026-01-02T00:00:00Z', 'nearly-due'],
    ['past due', due, '2026-01-02T00:00:01Z', 'breached'],
  ];
  it.each(cases)('%s', (_what, dueAt, now, state) => {
    expect(clockState(received, dueAt, new Date(now))).toBe(state);
  });
});
