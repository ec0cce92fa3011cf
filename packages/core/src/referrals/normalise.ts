import { normaliseIdentifier } from '../identifiers/normalise.ts';
import type { Identifier, ReferralData } from './schema.ts';

export interface NormalisedIdentifier extends Identifier {
  /** Canonical form used for linking (lower-cased email, E.164 phone, canonical IP, service-keyed names…). */
  normalised: string;
}

type WithNormalisedIdentifiers<T> = T extends { identifiers?: Identifier[] }
  ? Omit<T, 'identifiers'> & { identifiers: NormalisedIdentifier[] }
  : T;

type Victim = ReferralData['victims'][number];
type NormalisedVictim = Omit<Victim, 'identity'> & {
  identity?: WithNormalisedIdentifiers<NonNullable<Victim['identity']>>;
};

export type NormalisedReferral = Omit<ReferralData, 'reportedPersons' | 'internetDetails' | 'victims'> & {
  reportedPersons: WithNormalisedIdentifiers<ReferralData['reportedPersons'][number]>[];
  internetDetails: WithNormalisedIdentifiers<ReferralData['internetDetails'][number]>[];
  victims: NormalisedVictim[];
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
  const referralCountry = data.location?.country ?? data.reporter.country ?? defaultCountry;
  const normaliseAll = (identifiers: Identifier[] | undefined, field: string, country: string) =>
    (identifiers ?? []).flatMap((identifier, i) => {
      const result = normaliseIdentifier(identifier.kind, identifier.value, {
        service: identifier.service,
        defaultCountry: country,
      });
      if (!result.ok) {
        issues.push({ field: `${field}[${i}].value`, message: result.reason });
        return [];
      }
      return [{ ...identifier, normalised: result.value }];
    });

  const reportedPersons = data.reportedPersons.map((person, p) => ({
    ...person,
    identifiers: normaliseAll(
      person.identifiers,
      `reportedPersons[${p}].identifiers`,
      person.location?.country ?? referralCountry,
    ),
  }));
  const internetDetails = data.internetDetails.map((detail, d) => ({
    ...detail,
    identifiers: normaliseAll(detail.identifiers, `internetDetails[${d}].identifiers`, referralCountry),
  }));
  const victims = data.victims.map((victim, v): NormalisedVictim => {
    const { identity, ...rest } = victim;
    if (!identity) return rest;
    const identifiers = normaliseAll(
      identity.identifiers,
      `victims[${v}].identity.identifiers`,
      victim.location?.country ?? referralCountry,
    );
    return { ...rest, identity: { ...identity, identifiers } };
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, referral: { ...data, reportedPersons, internetDetails, victims } };
}
