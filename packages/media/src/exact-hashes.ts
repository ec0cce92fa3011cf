import { createHash, type Hash } from 'node:crypto';

export interface ExactHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

/** MD5, SHA-1 and SHA-256 fed chunk by chunk, so a file of any size passes through memory once. */
export class ExactHasher {
  private readonly hashes: Record<keyof ExactHashes, Hash> = {
    md5: createHash('md5'),
    sha1: createHash('sha1'),
    sha256: createHash('sha256'),
  };

  update(chunk: Uint8Array): void {
    for (const hash of Object.values(this.hashes)) hash.update(chunk);
  }

  digest(): ExactHashes {
    return {
      md5: this.hashes.md5.digest('hex'),
      sha1: this.hashes.sha1.digest('hex'),
      sha256: this.hashes.sha256.digest('hex'),
    };
  }
}
