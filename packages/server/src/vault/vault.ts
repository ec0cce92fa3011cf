import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `v2:<key id>:<base64>`; `v1:<base64>` (before key ids) is still read. */
const VERSION = 'v2';
const LEGACY = 'v1';

/** Names a key without revealing it: the start of its SHA-256. */
const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

/**
 * Encrypts what identifies a child, and original documents that may, with AES-256-GCM. Each ciphertext is
 * bound to the record it belongs to (the `context`, used as associated data), so it cannot be moved to another,
 * and names the key it is under, so keys can be rotated: the current key encrypts, previous keys
 * (SINAG_ENCRYPTION_KEY_PREVIOUS) still decrypt until everything is re-encrypted (`sinag vault rotate`).
 */
export class Vault {
  /** The id of the key new ciphertexts are under. */
  readonly keyId: string;
  /** How every ciphertext under the current key starts: what is not under it has to be rotated. */
  readonly currentPrefix: string;
  /** Every configured key by id, the current one first. */
  private readonly keys = new Map<string, Buffer>();

  constructor(key: Buffer, previous: Buffer[] = []) {
    for (const k of [key, ...previous]) {
      if (k.length !== 32) throw new Error('The encryption key must be 32 bytes.');
      const id = keyIdOf(k);
      if (!this.keys.has(id)) this.keys.set(id, k);
    }
    this.keyId = keyIdOf(key);
    this.currentPrefix = `${VERSION}:${this.keyId}:`;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.keyId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${this.currentPrefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Whether the key with this id is configured (current or previous). */
  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  decrypt(token: string, context: string): string {
    const parts = token.split(':');
    if (parts[0] === VERSION && parts.length === 3) {
      const key = this.keys.get(parts[1]!);
      // Names the missing key, never anything about the contents.
      if (!key) throw new Error(`The encryption key ${parts[1]} is not configured.`);
      return open(key, parts[2]!, context);
    }
    if (parts[0] !== LEGACY || parts.length !== 2) throw new Error('Unknown ciphertext format.');
    // Written before ciphertexts named their key: the key that authenticates it is the one.
    let failure: unknown;
    for (const key of this.keys.values()) {
      try {
        return open(key, parts[1]!, context);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
}

function open(key: Buffer, payload: string, context: string): string {
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * The key comes from SINAG_ENCRYPTION_KEY (32 bytes, base64 or hex); without it, from `vault.key` in the
 * data folder, created on first use and readable only by its owner.
 */
export function loadVaultKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return parseVaultKey(configured, 'SINAG_ENCRYPTION_KEY');
  const file = path.join(dataDir, 'vault.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** The keys of SINAG_ENCRYPTION_KEY_PREVIOUS: comma-separated, each as SINAG_ENCRYPTION_KEY is written. */
export function parsePreviousKeys(text: string | undefined): Buffer[] {
  return (text ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => parseVaultKey(k, 'SINAG_ENCRYPTION_KEY_PREVIOUS'));
}

/** A 32-byte key written as 64 hex or 44 base64 characters; `name` says where it came from in the error. */
export function parseVaultKey(text: string, name: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, as 64 hex or 44 base64 characters.`);
  return key;
}
