import { normaliseIdentifier } from '../identifiers/normalise.ts';
import type { Identifier, ReferralData } from './schema.ts';

export interface NormalisedIdentifier extends Identifier {
  /** Canonical form used for linking (lower-cased email, E.164 phone, canonical IP, service-keyed names…). */
  normalised: string;
}

export type NormalisedReferral = Omit<ReferralData, 'reportedPersons'> & {
  reportedPersons: (Omit<ReferralData['reportedPersons'][number], 'identifiers'> & {
    identifiers: NormalisedIdentifier[];
  })[];
};

export interface FieldIssue {
  field: string;
  message: string;
}

export type NormaliseReferralResult =
  { ok: true; referral: NormalisedReferral } | { ok: false; issues: FieldIssue[] };

/**
 * Normalises every identifier of a validated referral. Phone numbers without a country code are read
 * with the person's country, else the referral's, else the reporter's, else `defaultCountry`.
 */
export function normaliseReferral(data: ReferralData, defaultCountry = 'PH'): NormaliseReferralResult {
  const issues: FieldIssue[] = [];
  const reportedPersons = data.reportedPersons.map((person, p) => ({
    ...person,
    identifiers: person.identifiers.flatMap((identifier, i) => {
      const result = normaliseIdentifier(identifier.kind, identifier.value, {
        service: identifier.service,
        defaultCountry:
          person.location?.country ?? data.location?.country ?? data.reporter.country ?? defaultCountry,
      });
      if (!result.ok) {
        issues.push({ field: `reportedPersons[${p}].identifiers[${i}].value`, message: result.reason });
        return [];
      }
      return [{ ...identifier, normalised: result.value }];
    }),
  }));
  if (issues.length) return { ok: false, issues };
  return { ok: true, referral: { ...data, reportedPersons } };
}
