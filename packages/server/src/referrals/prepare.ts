import { normaliseReferral, type NormalisedReferral, type ReferralData } from '@sinag/core';
import { AppError } from '../http/errors.ts';

export interface PreparedReferral {
  referral: NormalisedReferral;
}

/**
 * Normalises identifiers (the referral is scored when stored, with the factor table in force); a value that
 * cannot be normalised is a 400 naming it.
 */
export function prepareReferral(
  data: ReferralData,
  defaultCountry: string,
  fieldPrefix = '',
): PreparedReferral {
  const result = normaliseReferral(data, defaultCountry);
  if (!result.ok) {
    const issue = result.issues[0]!;
    const field = fieldPrefix + issue.field;
    throw new AppError('validation_failed', `${field}: ${issue.message}`, field);
  }
  return { referral: result.referral };
}
