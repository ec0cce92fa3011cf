import { describe, expect, it } from 'vitest';
import type { GeoSignal } from '../src/api/geolocation.ts';
import { RoutingRulesInput, type RoutingRule } from '../src/api/routing.ts';
import { combineSignals } from '../src/geo/combine-signals.ts';
import { INTERNATIONAL_LIAISON, routeReferral } from '../src/geo/route-referral.ts';

const rules: RoutingRule[] = [
  { country: 'PH', region: 'NCR', destination: 'National Capital Region (NCR) regional office' },
  { country: 'PH', region: 'VII', destination: 'Central Visayas (VII) regional office' },
  { country: 'PH', region: null, destination: 'National intake: region not determined' },
  { country: 'GB', region: null, destination: 'UK liaison' },
  { country: 'unknown', region: null, destination: 'National intake: location not determined' },
  { country: null, region: null, destination: INTERNATIONAL_LIAISON },
];

const ip = (identifier: string, country: string, region: string | null, city: string | null): GeoSignal => ({
  source: 'ip',
  field: 'reportedPersons[0].identifiers[0]',
  identifier,
  country,
  region,
  city,
});
const report = (country: string, region: string | null): GeoSignal => ({
  source: 'report',
  field: 'location',
  country,
  region,
  city: null,
});

describe('routeReferral', () => {
  it.each<[string, GeoSignal[], string, number, string]>([
    [
      'an IP in Cebu City',
      [ip('112.198.10.20', 'PH', 'VII', 'Cebu City')],
      'Central Visayas (VII) regional office',
      2,
      'IP 112.198.10.20 geolocates to Cebu City, Central Visayas (VII), PH → rule 2 (PH, VII) → Central Visayas (VII) regional office',
    ],
    [
      'the report in PH with no region',
      [report('PH', null)],
      'National intake: region not determined',
      3,
      'The report (location) places it in PH → rule 3 (PH) → National intake: region not determined',
    ],
    [
      'the report in PH, an IP in Australia',
      [report('PH', 'NCR'), ip('1.1.1.1', 'AU', 'New South Wales', 'Sydney')],
      'National Capital Region (NCR) regional office',
      1,
      'The report (location) places it in National Capital Region (NCR), PH (conflicting signals point to AU (ip 1.1.1.1)) → rule 1 (PH, NCR) → National Capital Region (NCR) regional office',
    ],
    [
      'a region written in lower case',
      [report('PH', 'ncr')],
      'National Capital Region (NCR) regional office',
      1,
      'The report (location) places it in ncr, PH → rule 1 (PH, NCR) → National Capital Region (NCR) regional office',
    ],
    [
      'a region named differently for another country',
      [ip('81.2.69.160', 'GB', 'England', 'London')],
      'UK liaison',
      4,
      'IP 81.2.69.160 geolocates to London, England, GB → rule 4 (GB) → UK liaison',
    ],
    [
      'nothing',
      [],
      'National intake: location not determined',
      5,
      'No signal locates the referral → rule 5 (unknown location) → National intake: location not determined',
    ],
    [
      'another country',
      [ip('8.8.8.8', 'US', 'California', 'Mountain View')],
      INTERNATIONAL_LIAISON,
      6,
      'IP 8.8.8.8 geolocates to Mountain View, California, US → rule 6 (any location) → International liaison queue',
    ],
  ])('%s', (_name, signals, destination, position, reason) => {
    const decision = routeReferral(combineSignals(signals), rules);
    expect(decision).toMatchObject({ destination, reason, rule: { position } });
  });

  it('names both signals when the region comes from another one than the country', () => {
    const located = combineSignals([report('PH', null), ip('112.198.10.20', 'PH', 'VII', 'Cebu City')]);
    expect(routeReferral(located, rules).reason).toBe(
      'The report (location) places it in PH; IP 112.198.10.20 geolocates to Cebu City, Central Visayas (VII), PH → rule 2 (PH, VII) → Central Visayas (VII) regional office',
    );
  });

  it('falls back to the international liaison queue when no rule matches', () => {
    expect(routeReferral(combineSignals([]), rules.slice(0, 2))).toMatchObject({
      destination: INTERNATIONAL_LIAISON,
      rule: { position: 0 },
    });
  });
});

describe('RoutingRulesInput', () => {
  const last = { destination: INTERNATIONAL_LIAISON };
  it('reads Philippine regions by name and upper-cases countries', () => {
    const parsed = RoutingRulesInput.parse({
      rules: [{ country: 'ph', region: 'Central Visayas', destination: ' VII office ' }, last],
    });
    expect(parsed.rules).toEqual([
      { country: 'PH', region: 'VII', destination: 'VII office' },
      { country: null, region: null, destination: INTERNATIONAL_LIAISON },
    ]);
  });
  it.each<[string, unknown[], string, string]>([
    ['no catch-all', [{ country: 'PH', destination: 'x' }], 'rules.0', 'the last rule must match every'],
    ['catch-all too early', [last, { country: 'PH', destination: 'x' }, last], 'rules.0', 'must be last'],
    [
      'unknown Philippine region',
      [{ country: 'PH', region: 'Atlantis', destination: 'x' }, last],
      'rules.0.region',
      'must be a Philippine region',
    ],
    [
      'region without country',
      [{ region: 'VII', destination: 'x' }, last],
      'rules.0.region',
      'needs a country',
    ],
    [
      'region of unknown',
      [{ country: 'unknown', region: 'VII', destination: 'x' }, last],
      'rules.0.region',
      'no region',
    ],
    ['bad country', [{ country: 'PHL', destination: 'x' }, last], 'rules.0.country', 'ISO 3166-1'],
    [
      'empty destination',
      [{ country: 'PH', destination: ' ' }, last],
      'rules.0.destination',
      'must not be empty',
    ],
    ['no rules', [], 'rules', 'at least one rule'],
  ])('refuses %s, naming the field', (_name, input, path, message) => {
    const result = RoutingRulesInput.safeParse({ rules: input });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });
});
