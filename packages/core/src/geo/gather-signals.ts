import type { GeoSignal, IpLocation, UnlocatedIdentifier } from '../api/geolocation.ts';
import type { Location } from '../referrals/schema.ts';
import type { NormalisedIdentifier, NormalisedReferral } from '../referrals/normalise.ts';
import { normaliseIdentifier } from '../identifiers/normalise.ts';
import { phoneCountry, unroutableAddress } from './identifier-places.ts';
import { philippineRegionCode } from './philippine-region-names.ts';

/** A referral can name hundreds of addresses; the first ones are enough to locate it and to show conflicts. */
export const MAX_SIGNALS = 100;

export type IpLookup = (ip: string) => IpLocation | null;

/** A Philippine region name becomes its code (VII), so signals and rules compare; other names stay as given. */
export function regionOf(country: string, region: string | null | undefined): string | null {
  if (!region) return null;
  return (country === 'PH' && philippineRegionCode(region)) || region;
}

interface Found {
  field: string;
  kind: 'ip' | 'phone';
  value: string;
  observedAt?: string;
}

function identifiersOf(referral: NormalisedReferral): Found[] {
  const of = (identifiers: NormalisedIdentifier[], field: string) =>
    identifiers.flatMap((identifier, i): Found[] =>
      identifier.kind === 'ip' || identifier.kind === 'phone'
        ? [
            {
              field: `${field}[${i}]`,
              kind: identifier.kind,
              value: identifier.normalised,
              ...(identifier.observedAt ? { observedAt: identifier.observedAt } : {}),
            },
          ]
        : [],
    );
  return [
    ...referral.reportedPersons.flatMap((p, i) => of(p.identifiers, `reportedPersons[${i}].identifiers`)),
    ...referral.internetDetails.flatMap((d, i) => of(d.identifiers, `internetDetails[${i}].identifiers`)),
    // The address a file was uploaded from: raw text, so it is normalised here.
    ...referral.files.flatMap((file, i): Found[] => {
      if (!file.ipCapture) return [];
      const ip = normaliseIdentifier('ip', file.ipCapture.ip);
      return [
        {
          field: `files[${i}].ipCapture`,
          kind: 'ip',
          value: ip.ok ? ip.value : file.ipCapture.ip,
          ...(file.ipCapture.at ? { observedAt: file.ipCapture.at } : {}),
        },
      ];
    }),
  ];
}

function reportSignal(field: string, location: Location | undefined): GeoSignal[] {
  if (!location?.country) return [];
  return [
    {
      source: 'report',
      field,
      country: location.country,
      region: regionOf(location.country, location.region),
      city: location.city ?? null,
    },
  ];
}

/**
 * Every signal of where a referral's people are, in the order the combination rule weighs them: the report's
 * own location (the referral's, each reported person's, each child's — country and region only), then
 * each distinct IP and phone number. Victims' identities (and the identifiers in them) are not read.
 */
export function gatherSignals(
  referral: NormalisedReferral,
  lookupIp: IpLookup,
): { signals: GeoSignal[]; unlocated: UnlocatedIdentifier[] } {
  const signals: GeoSignal[] = [
    ...reportSignal('location', referral.location),
    ...referral.reportedPersons.flatMap((p, i) => reportSignal(`reportedPersons[${i}].location`, p.location)),
    ...referral.victims.flatMap((v, i) => reportSignal(`victims[${i}].location`, v.location)),
  ];
  const unlocated: UnlocatedIdentifier[] = [];
  const seen = new Set<string>();
  for (const found of identifiersOf(referral)) {
    if (signals.length + unlocated.length >= MAX_SIGNALS) break;
    if (seen.has(found.value)) continue;
    seen.add(found.value);
    const { field, value: identifier, observedAt } = found;
    const at = observedAt ? { observedAt } : {};
    if (found.kind === 'phone') {
      const country = phoneCountry(identifier);
      if (country)
        signals.push({ source: 'phone', field, identifier, country, region: null, city: null, ...at });
      else unlocated.push({ field, identifier, reason: 'the number belongs to no single country' });
      continue;
    }
    const unroutable = unroutableAddress(identifier);
    const place = unroutable ? null : lookupIp(identifier);
    if (!place) {
      unlocated.push({ field, identifier, reason: unroutable ?? 'not in the IP geolocation database' });
      continue;
    }
    signals.push({
      source: 'ip',
      field,
      identifier,
      country: place.country,
      region: regionOf(place.country, place.region),
      city: place.city,
      ...at,
    });
  }
  return { signals, unlocated };
}
