import { describe, expect, it } from 'vitest';
import type { GeoSignal, IpLocation } from '../src/api/geolocation.ts';
import { combineSignals } from '../src/geo/combine-signals.ts';
import { gatherSignals } from '../src/geo/gather-signals.ts';
import { phoneCountry, unroutableAddress } from '../src/geo/identifier-places.ts';
import { philippineRegionCode } from '../src/geo/philippine-region-names.ts';
import { PHILIPPINE_REGIONS } from '../src/geo/philippines.ts';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralInput } from '../src/referrals/schema.ts';

describe('philippineRegionCode', () => {
  // Every region name DB-IP's city database gives for Philippine addresses (IPv4 and IPv6, June 2026 edition).
  const dbIpNames: [string, string][] = [
    ['National Capital Region', 'NCR'],
    ['Cordillera', 'CAR'],
    ['Ilocos', 'I'],
    ['Cagayan Valley', 'II'],
    ['Central Luzon', 'III'],
    ['Calabarzon', 'IV-A'],
    ['Mimaropa', 'MIMAROPA'],
    ['Bicol Region', 'V'],
    ['Bicol', 'V'],
    ['Western Visayas', 'VI'],
    ['Central Visayas', 'VII'],
    ['Eastern Visayas', 'VIII'],
    ['Zamboanga Peninsula', 'IX'],
    ['Northern Mindanao', 'X'],
    ['Davao Region', 'XI'],
    ['Davao', 'XI'],
    ['Soccsksargen', 'XII'],
    ['Caraga', 'XIII'],
    ['Autonomous Region in Muslim Mindanao', 'BARMM'],
  ];
  const reportNames: [string, string][] = [
    ['VII', 'VII'],
    ['region vii', 'VII'],
    ['Region IV-A', 'IV-A'],
    ['iv a', 'IV-A'],
    ['Metro Manila', 'NCR'],
    ['Cebu', 'VII'],
    ['Negros Occidental', 'VI'],
    ['Quezon', 'IV-A'],
    ['Quezon City', 'NCR'],
    ['Cotabato', 'XII'],
    ['Cotabato City', 'BARMM'],
    ['Tawi-Tawi', 'BARMM'],
  ];
  it.each([...dbIpNames, ...reportNames])('%s → %s', (name, code) => {
    expect(philippineRegionCode(name)).toBe(code);
  });
  it.each(PHILIPPINE_REGIONS.map((r) => [r.name, r.code]))('official name %s → %s', (name, code) => {
    expect(philippineRegionCode(name)).toBe(code);
  });
  it.each(['California', 'Negros Island Region', ''])('%s is no Philippine region', (name) => {
    expect(philippineRegionCode(name)).toBeUndefined();
  });
});

describe('phoneCountry and unroutableAddress', () => {
  it.each([
    ['+639171234567', 'PH'],
    ['+442079460958', 'GB'],
    ['+61412345678', 'AU'],
    ['+12025550123', 'US'],
  ])('%s is a %s number', (phone, country) => expect(phoneCountry(phone)).toBe(country));

  it.each([
    ['10.1.2.3', /private/],
    ['100.64.0.1', /carrierGradeNat/],
    ['203.0.113.5', /reserved/],
    ['::1', /loopback/],
    ['fe80::1', /linkLocal/],
    ['2001:db8::1', /reserved/],
    ['nonsense', /not a valid/],
  ])('%s is not on the public internet', (ip, reason) => expect(unroutableAddress(ip)).toMatch(reason));
  it.each(['112.198.10.20', '2400:cb00::1'])('%s is public', (ip) =>
    expect(unroutableAddress(ip)).toBeUndefined(),
  );
});

const report = (country: string, region: string | null = null, city: string | null = null): GeoSignal => ({
  source: 'report',
  field: 'location',
  country,
  region,
  city,
});
const ip = (identifier: string, country: string, region: string | null, observedAt?: string): GeoSignal => ({
  source: 'ip',
  field: 'reportedPersons[0].identifiers[0]',
  identifier,
  country,
  region,
  city: null,
  ...(observedAt ? { observedAt } : {}),
});
const phone = (identifier: string, country: string): GeoSignal => ({
  source: 'phone',
  field: 'reportedPersons[0].identifiers[1]',
  identifier,
  country,
  region: null,
  city: null,
});

describe('combineSignals', () => {
  const cases: {
    name: string;
    signals: GeoSignal[];
    country: string | null;
    region: string | null;
    basis: number | null;
    conflicts: [string, string, string, number[]][];
  }[] = [
    { name: 'no signals', signals: [], country: null, region: null, basis: null, conflicts: [] },
    {
      name: 'the report alone',
      signals: [report('PH', 'VII', 'Cebu City')],
      country: 'PH',
      region: 'VII',
      basis: 0,
      conflicts: [],
    },
    {
      name: 'the report wins over an IP abroad, which is a conflict',
      signals: [report('PH', 'VII'), ip('1.1.1.1', 'AU', 'New South Wales')],
      country: 'PH',
      region: 'VII',
      basis: 0,
      conflicts: [['country', 'PH', 'AU', [1]]],
    },
    {
      name: 'a report without region takes the region from an IP in its country',
      signals: [report('PH'), ip('112.198.0.1', 'PH', 'NCR')],
      country: 'PH',
      region: 'NCR',
      basis: 0,
      conflicts: [],
    },
    {
      name: 'an IP in another region of the same country is a region conflict',
      signals: [report('PH', 'VII'), ip('112.198.0.1', 'PH', 'NCR')],
      country: 'PH',
      region: 'VII',
      basis: 0,
      conflicts: [['region', 'VII', 'NCR', [1]]],
    },
    {
      name: 'without a report, most IPs decide',
      signals: [ip('a', 'AU', null), ip('b', 'PH', 'VII'), ip('c', 'PH', 'VII')],
      country: 'PH',
      region: 'VII',
      basis: 1,
      conflicts: [['country', 'PH', 'AU', [0]]],
    },
    {
      name: 'an IP tie goes to the latest observed',
      signals: [ip('a', 'AU', null, '2026-01-01T00:00:00Z'), ip('b', 'PH', 'XI', '2026-02-01T00:00:00Z')],
      country: 'PH',
      region: 'XI',
      basis: 1,
      conflicts: [['country', 'PH', 'AU', [0]]],
    },
    {
      name: 'IPs outweigh phones',
      signals: [ip('a', 'GB', 'England'), phone('+63', 'PH'), phone('+63b', 'PH')],
      country: 'GB',
      region: 'England',
      basis: 0,
      conflicts: [['country', 'GB', 'PH', [1, 2]]],
    },
    {
      name: 'phones alone give a country, no region',
      signals: [phone('+63', 'PH')],
      country: 'PH',
      region: null,
      basis: 0,
      conflicts: [],
    },
  ];
  it.each(cases)('$name', ({ signals, country, region, basis, conflicts }) => {
    const located = combineSignals(signals);
    expect(located).toMatchObject({ country, region, basis });
    expect(located.signals).toEqual(signals);
    expect(located.conflicts.map((c) => [c.kind, c.chosen, c.other, c.signals])).toEqual(conflicts);
  });
});

describe('gatherSignals', () => {
  const places: Record<string, IpLocation> = {
    '112.198.10.20': { country: 'PH', region: 'Central Visayas', city: 'Cebu City' },
    '2400:cb00::1': { country: 'AU', region: 'New South Wales', city: 'Sydney' },
  };
  const lookup = (address: string) => places[address] ?? null;
  const referral = (extra: Record<string, unknown>) => {
    const result = normaliseReferral(
      ReferralInput.parse({
        source: 'foreign-police',
        incident: { type: 'livestreamed-abuse' },
        reporter: { kind: 'law-enforcement', name: 'Agency' },
        ...extra,
      }),
    );
    if (!result.ok) throw new Error(result.issues[0]!.message);
    return result.referral;
  };

  it('reads the report, each IP once, phones and file upload addresses, and says why an IP is unplaced', () => {
    const { signals, unlocated } = gatherSignals(
      referral({
        location: { country: 'PH', region: 'Cebu' },
        reportedPersons: [
          {
            identifiers: [
              { kind: 'ip', value: '112.198.10.20', observedAt: '2026-09-28T22:05:00Z' },
              { kind: 'ip', value: '::ffff:112.198.10.20' },
              { kind: 'phone', value: '+61 412 345 678' },
              { kind: 'ip', value: '10.0.0.8' },
              { kind: 'ip', value: '8.8.4.4' },
            ],
          },
        ],
        files: [{ md5: 'd41d8cd98f00b204e9800998ecf8427e', ipCapture: { ip: '2400:CB00:0::1' } }],
      }),
      lookup,
    );
    expect(signals).toEqual([
      { source: 'report', field: 'location', country: 'PH', region: 'VII', city: null },
      {
        source: 'ip',
        field: 'reportedPersons[0].identifiers[0]',
        identifier: '112.198.10.20',
        country: 'PH',
        region: 'VII',
        city: 'Cebu City',
        observedAt: '2026-09-28T22:05:00Z',
      },
      {
        source: 'phone',
        field: 'reportedPersons[0].identifiers[2]',
        identifier: '+61412345678',
        country: 'AU',
        region: null,
        city: null,
      },
      {
        source: 'ip',
        field: 'files[0].ipCapture',
        identifier: '2400:cb00::1',
        country: 'AU',
        region: 'New South Wales',
        city: 'Sydney',
      },
    ]);
    expect(unlocated).toEqual([
      {
        field: 'reportedPersons[0].identifiers[3]',
        identifier: '10.0.0.8',
        reason: 'a private address, not on the public internet',
      },
      {
        field: 'reportedPersons[0].identifiers[4]',
        identifier: '8.8.4.4',
        reason: 'not in the IP geolocation database',
      },
    ]);
  });

  it('takes country and region only from a child’s location, and a report without country is no signal', () => {
    const { signals } = gatherSignals(
      referral({ location: { region: 'VII' }, victims: [{ location: { country: 'PH', region: 'XI' } }] }),
      lookup,
    );
    expect(signals).toEqual([
      { source: 'report', field: 'victims[0].location', country: 'PH', region: 'XI', city: null },
    ]);
  });
});
