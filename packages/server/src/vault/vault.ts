import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

/**
 * Encrypts what identifies a child, and original documents that may, with AES-256-GCM. Each ciphertext is
 * bound to the record it belongs to (the `context`, used as associated data), so it cannot be moved to another.
 */
export class Vault {
  /** Names the key without revealing it (the start of its SHA-256), so a ciphertext can record its key. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The encryption key must be 32 bytes.');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(token: string, context: string): string {
    const [version, payload] = token.split(':');
    if (version !== VERSION || !payload) throw new Error('Unknown ciphertext format.');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
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

/** A 32-byte key written as 64 hex or 44 base64 characters; `name` says where it came from in the error. */
export function parseVaultKey(text: string, name: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, as 64 hex or 44 base64 characters.`);
  return key;
}
