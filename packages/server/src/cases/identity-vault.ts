import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';

/**
 * The identity vault of case victims and placements: AES-256-GCM (see Vault) under the configured key. The
 * key's id is also kept beside each ciphertext (`key_id`, kept up to date by vault/rotate.ts): a victim has an
 * identity when it is set, and a missing key is refused with its id before anything is decrypted.
 */
export interface Sealed {
  keyId: string;
  ciphertext: string;
}

export function seal(services: Services, plaintext: unknown, context: string): Sealed {
  return {
    keyId: services.vault.keyId,
    ciphertext: services.vault.encrypt(JSON.stringify(plaintext), context),
  };
}

/** Decrypts with the key the ciphertext names: the current one or a previous one still configured. */
export function unseal<T>(services: Services, sealed: Sealed, context: string): T {
  // Says which key is missing, never anything about the contents.
  if (!services.vault.hasKey(sealed.keyId))
    throw new AppError('internal', `The identity vault key ${sealed.keyId} is not configured.`);
  return JSON.parse(services.vault.decrypt(sealed.ciphertext, context)) as T;
}
