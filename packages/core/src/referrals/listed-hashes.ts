/** The algorithms a hash set can hold, with the hex length of each. */
const HEX_LENGTH = { md5: 32, sha1: 40, sha256: 64, pdq: 64 } as const;
export type ListedHashAlgorithm = keyof typeof HEX_LENGTH;

/**
 * Hashes a source listed for a file beyond those Sinag keeps in its hash fields — e.g. a CyberTipline
 * `originalFileHash` that differs from the uploaded bytes, or a `details` pair named "PDQ" — found in the file's
 * attributes by the name after the last space or colon ("originalFileHash SHA-1", "HASH:MD5"). A value counts only
 * if it is hex of its algorithm's length.
 */
export function listedHashes(
  attributes: Record<string, unknown> | null | undefined,
): { algorithm: ListedHashAlgorithm; hex: string }[] {
  const found: { algorithm: ListedHashAlgorithm; hex: string }[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (typeof value !== 'string') continue;
    const name = key.split(/[ :]/).at(-1)!.replace('-', '').toLowerCase();
    if (!(name in HEX_LENGTH)) continue;
    const algorithm = name as ListedHashAlgorithm;
    const hex = value.trim().toLowerCase();
    if (hex.length === HEX_LENGTH[algorithm] && /^[0-9a-f]+$/.test(hex)) found.push({ algorithm, hex });
  }
  return found;
}
