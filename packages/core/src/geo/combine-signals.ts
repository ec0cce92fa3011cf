import type { GeoConflict, GeoSignal, Geolocation, UnlocatedIdentifier } from '../api/geolocation.ts';

type Indexed = { signal: GeoSignal; index: number };

/** The value most signals give; a tie goes to the most recently observed, then to the first. */
function mostCommon(candidates: Indexed[], value: (s: GeoSignal) => string): Indexed {
  const groups = new Map<string, { count: number; best: Indexed }>();
  for (const candidate of candidates) {
    const group = groups.get(value(candidate.signal));
    if (!group) groups.set(value(candidate.signal), { count: 1, best: candidate });
    else group.count++;
  }
  const observed = (v: string) =>
    Math.max(
      ...candidates
        .filter((c) => value(c.signal) === v)
        .map((c) => (c.signal.observedAt ? Date.parse(c.signal.observedAt) : -Infinity)),
    );
  return [...groups.entries()].reduce((a, b) =>
    b[1].count > a[1].count || (b[1].count === a[1].count && observed(b[0]) > observed(a[0])) ? b : a,
  )[1].best;
}

/** Signals that give something other than `chosen`, grouped by what they give. */
function conflicts(
  kind: GeoConflict['kind'],
  chosen: string,
  candidates: Indexed[],
  value: (s: GeoSignal) => string | null,
): GeoConflict[] {
  const others = new Map<string, number[]>();
  for (const { signal, index } of candidates) {
    const other = value(signal);
    if (other === null || other === chosen) continue;
    others.set(other, [...(others.get(other) ?? []), index]);
  }
  return [...others].map(([other, signals]) => ({ kind, chosen, other, signals }));
}

/**
 * Where a referral is, from its signals. The rule (docs/geolocation.md):
 * - country: the report's own location if it gives one (the reporter's assessment, made with context Sinag
 *   lacks — and in livestreamed abuse the child's country, while IPs often show the offender's); else the
 *   country most IPs give; else the country most phone numbers belong to (weakest: numbers travel);
 * - region and city: the first report signal in that country with a region, else the region most IPs in
 *   that country give;
 * - every signal that disagrees on the country, or within it on the region, is kept as a conflict.
 */
export function combineSignals(signals: GeoSignal[], unlocated: UnlocatedIdentifier[] = []): Geolocation {
  const indexed = signals.map((signal, index) => ({ signal, index }));
  const ofSource = (source: GeoSignal['source']) => indexed.filter((i) => i.signal.source === source);
  const report = ofSource('report');
  const ips = ofSource('ip');
  const phones = ofSource('phone');
  const basis =
    report[0] ??
    (ips.length ? mostCommon(ips, (s) => s.country) : undefined) ??
    (phones.length ? mostCommon(phones, (s) => s.country) : undefined);
  if (!basis) {
    return {
      signals,
      country: null,
      region: null,
      city: null,
      basis: null,
      regionBasis: null,
      conflicts: [],
      unlocated,
    };
  }
  const country = basis.signal.country;
  const inCountry = indexed.filter((i) => i.signal.country === country && i.signal.region !== null);
  const regional =
    inCountry.find((i) => i.signal.source === 'report') ??
    (inCountry.some((i) => i.signal.source === 'ip')
      ? mostCommon(
          inCountry.filter((i) => i.signal.source === 'ip'),
          (s) => s.region!,
        )
      : undefined);
  const region = regional?.signal.region ?? null;
  return {
    signals,
    country,
    region,
    city: regional?.signal.city ?? (regional ? null : basis.signal.city),
    basis: basis.index,
    regionBasis: regional?.index ?? null,
    conflicts: [
      ...conflicts('country', country, indexed, (s) => s.country),
      ...(region ? conflicts('region', region, inCountry, (s) => s.region) : []),
    ],
    unlocated,
  };
}
