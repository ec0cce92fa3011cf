import { z } from 'zod';

export const GEO_SIGNAL_SOURCES = ['report', 'ip', 'phone'] as const;

/** One thing that says where a referral's people are: the report's own location, an IP, a phone number. */
export const GeoSignal = z.object({
  source: z.enum(GEO_SIGNAL_SOURCES),
  /** Where in the referral it comes from, e.g. "location" or "reportedPersons[0].identifiers[2]". */
  field: z.string(),
  /** The IP or phone number (absent for the report's location). */
  identifier: z.string().optional(),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
  /** A Philippine region code (NCR, VII…) when recognised; otherwise the name as given. */
  region: z.string().nullable(),
  city: z.string().nullable(),
  /** When the identifier was observed (IPs with a capture time). */
  observedAt: z.string().optional(),
});
export type GeoSignal = z.infer<typeof GeoSignal>;

/** Signals that disagree with the location the referral was given: shown to the analyst, never dropped. */
export const GeoConflict = z.object({
  kind: z.enum(['country', 'region']),
  /** The country (or region) the referral was located in. */
  chosen: z.string(),
  /** What the disagreeing signals say instead. */
  other: z.string(),
  /** Indexes into `signals` of the disagreeing signals. */
  signals: z.array(z.number().int()),
});
export type GeoConflict = z.infer<typeof GeoConflict>;

/** An IP or phone number that could not be placed, and why (e.g. a private address). */
export const UnlocatedIdentifier = z.object({
  field: z.string(),
  identifier: z.string(),
  reason: z.string(),
});
export type UnlocatedIdentifier = z.infer<typeof UnlocatedIdentifier>;

export const Geolocation = z.object({
  signals: z.array(GeoSignal),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  /** Index into `signals` of the signal the country was taken from; null when nothing locates it. */
  basis: z.number().int().nullable(),
  /** Index into `signals` of the signal the region (and city) were taken from, if any. */
  regionBasis: z.number().int().nullable(),
  conflicts: z.array(GeoConflict),
  unlocated: z.array(UnlocatedIdentifier),
});
export type Geolocation = z.infer<typeof Geolocation>;

/** What the IP database says about an address. */
export interface IpLocation {
  country: string;
  /** As the database names it (DB-IP: the state or, for the Philippines, the region). */
  region: string | null;
  city: string | null;
  latitude?: number;
  longitude?: number;
}
