import {
  combineSignals,
  gatherSignals,
  normaliseReferral,
  type Geolocation,
  type NormalisedReferral,
  type ReferralData,
} from '@sinag/core';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';

export interface PreparedReferral {
  referral: NormalisedReferral;
  /** Where the referral's signals place it (in memory: the IP database is loaded at start-up). */
  geolocation: Geolocation;
}

/**
 * Normalises identifiers and geolocates (the referral is scored when stored, with the factor table in force);
 * a value that cannot be normalised is a 400 naming it.
 */
export function prepareReferral(
  data: ReferralData,
  services: Pick<Services, 'config' | 'geolocator'>,
  fieldPrefix = '',
): PreparedReferral {
  const result = normaliseReferral(data, services.config.defaultCountry);
  if (!result.ok) {
    const issue = result.issues[0]!;
    const field = fieldPrefix + issue.field;
    throw new AppError('validation_failed', `${field}: ${issue.message}`, field);
  }
  const { signals, unlocated } = gatherSignals(result.referral, (ip) => services.geolocator.lookup(ip));
  return { referral: result.referral, geolocation: combineSignals(signals, unlocated) };
}
