import { PHILIPPINE_REGIONS, TRIAGE_FACTORS } from '@sinag/core';
import type { IdentifierKind, Location, REPORTER_KINDS, ReferralSource } from '@sinag/core';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time as "2026-11-01 14:03": the same in every locale, so analysts can compare at a glance. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A code as words: "in-review" → "In review". */
export function humanise(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SOURCE_LABELS: Record<ReferralSource, string> = {
  cybertipline: 'CyberTipline',
  'cybertip-export': 'CyberTip export',
  'foreign-police': 'Foreign police',
  'financial-lead': 'Financial lead',
  public: 'Public',
  hotline: 'Hotline',
  manual: 'Manual',
};

export const IDENTIFIER_KIND_LABELS: Record<IdentifierKind, string> = {
  email: 'Email',
  phone: 'Phone',
  ip: 'IP address',
  'screen-name': 'Screen name',
  'esp-user-id': 'Platform user id',
  url: 'URL',
  'device-id': 'Device id',
  'payment-account': 'Payment account',
};

export const REPORTER_KIND_LABELS: Record<(typeof REPORTER_KINDS)[number], string> = {
  platform: 'Platform',
  'law-enforcement': 'Law enforcement',
  hotline: 'Hotline',
  ngo: 'NGO',
  'financial-institution': 'Financial institution',
  public: 'Member of the public',
  other: 'Other',
};

export const PERSON_ROLE_LABELS = {
  reported: 'Reported person',
  'intended-recipient': 'Intended recipient',
} as const;

export function regionName(code: string): string | undefined {
  return PHILIPPINE_REGIONS.find((region) => region.code === code)?.name;
}

/** "VII" → "Central Visayas (VII)"; a region outside the list is shown as given. */
export function regionText(code: string): string {
  const name = regionName(code);
  return name ? `${name} (${code})` : code;
}

const countries = new Intl.DisplayNames(['en'], { type: 'region' });

/** "PH" → "Philippines"; an unknown code is shown as given. */
export function countryName(code: string): string {
  try {
    return countries.of(code) ?? code;
  } catch {
    return code;
  }
}

export function yesNo(value: boolean | null | undefined): string {
  return value == null ? 'Unknown' : value ? 'Yes' : 'No';
}

/** "Cebu City, Central Visayas (VII), Philippines". */
export function placeText(place: Location | undefined): string | undefined {
  if (!place) return undefined;
  const parts = [
    place.city,
    place.region && regionText(place.region),
    place.country && countryName(place.country),
  ];
  return parts.filter(Boolean).join(', ') || undefined;
}

/** A span of time as analysts read a clock: "45 min", "5 h", "3 d 4 h". */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

const FACTOR_LABELS = new Map<string, string>(TRIAGE_FACTORS.map((f) => [f.name, f.label]));

/** A triage factor's name as analysts read it. */
export function factorLabel(name: string): string {
  return FACTOR_LABELS.get(name) ?? humanise(name);
}

/** Scored factors as lines of text ("+25 Material in no hash list: files[2]: …"), for a tooltip. */
export function factorLines(factors: { name: string; weight: number; evidence: string }[]): string {
  return factors
    .map((f) => `${f.weight >= 0 ? '+' : ''}${f.weight} ${factorLabel(f.name)}: ${f.evidence}`)
    .join('\n');
}
