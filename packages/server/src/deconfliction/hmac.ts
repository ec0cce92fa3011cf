import { createHmac } from 'node:crypto';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';

/** The keyed hash of a link key that organisations publish instead of the identifier. */
export const deconflictionHmac = (federationKey: string, linkKey: string) =>
  createHmac('sha256', federationKey).update(linkKey, 'utf8').digest('hex');

/** A short value that tells whether two installations hold the same key, without revealing it. */
export const keyCheck = (federationKey: string) =>
  deconflictionHmac(federationKey, 'sinag-deconfliction-key-check').slice(0, 16);

/** The federation key, or a 409 saying deconfliction is not set up. */
export function federationKey(services: Services): string {
  const key = services.config.federationKey;
  if (!key)
    throw new AppError(
      'conflict',
      'Deconfliction is not configured on this server: set SINAG_FEDERATION_KEY (shared with the federation).',
    );
  return key;
}
