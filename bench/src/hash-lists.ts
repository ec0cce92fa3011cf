import { VICS_2_0_CONTEXT } from '@sinag/core';

/** A small fast PRNG (xorshift32), so every run imports the same synthetic hashes. */
function generator(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function hexOf(next: () => number, chars: number): string {
  let s = '';
  while (s.length < chars) s += next().toString(16).padStart(8, '0');
  return s.slice(0, chars);
}

/** `count` random MD5 hashes, one per line: the plain list `sinag hashset import --format md5` reads. */
export function plainMd5List(seed: number, count: number): Buffer {
  const next = generator(seed);
  const lines: string[] = new Array(count);
  for (let i = 0; i < count; i++) lines[i] = hexOf(next, 32);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A VICS 2.0 #Media document of `count` synthetic records as exporters write them: upper-case MD5, SHA1,
 * SHA-256 and PDQ in AlternativeHashes, a category, flags (some as strings) and a series.
 */
export function vicsDocument(seed: number, count: number): Buffer {
  const next = generator(seed);
  const records: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    records[i] = JSON.stringify({
      MediaID: i + 1,
      Category: i % 5,
      MD5: hexOf(next, 32).toUpperCase(),
      SHA1: hexOf(next, 40),
      VictimIdentified: i % 3 === 0,
      OffenderIdentified: i % 2 === 0 ? 'false' : 'true',
      IsDistributed: true,
      Series: { Name: `Synthetic series ${i % 100}` },
      AlternativeHashes: [
        { HashName: 'SHA256', HashValue: hexOf(next, 64) },
        { HashName: 'PDQ', HashValue: hexOf(next, 64) },
      ],
    });
  }
  return Buffer.from(
    `{"@odata.context":${JSON.stringify(VICS_2_0_CONTEXT)},"value":[\n${records.join(',\n')}\n]}`,
  );
}

/** A file as it arrives over the network or from disk: 1 MiB chunks. */
export function* chunksOf(data: Buffer, size = 1 << 20): Generator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
