import { describe, expect, it } from 'vitest';
import { listedHashes } from '../src/referrals/listed-hashes.ts';
import { mapFileDetails } from '../src/formats/cybertipline/file-details.ts';
import { cybertiplineParser } from '../src/formats/cybertipline/index.ts';

const MD5 = 'e86fdc2283aff4179685f2a918a769eb';
const SHA1 = '5e884898da28047151d0e56f8dc6292773603d0d';
const HEX64 = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';

describe('listedHashes', () => {
  it.each([
    ['originalFileHash MD5', MD5.toUpperCase(), [{ algorithm: 'md5', hex: MD5 }]],
    ['originalFileHash SHA-1', SHA1, [{ algorithm: 'sha1', hex: SHA1 }]],
    ['HASH:PDQ', HEX64, [{ algorithm: 'pdq', hex: HEX64 }]],
    ['HASH:SHA256', HEX64, [{ algorithm: 'sha256', hex: HEX64 }]],
    ['originalFileHash MD5', SHA1, []], // wrong length for its label
    ['HASH:PhotoDNA', 'AAAA', []], // not an algorithm a set holds
    ['EXIF:Model', MD5, []],
    ['originalFileName', 'md5', []],
  ])('%s = %s', (key, value, expected) => {
    expect(listedHashes({ [key]: value })).toEqual(expected);
  });

  it('ignores values that are not text, and no attributes at all', () => {
    expect(listedHashes({ 'HASH:MD5': true })).toEqual([]);
    expect(listedHashes(undefined)).toEqual([]);
  });
});

describe('a PDQ hash in fileDetails', () => {
  it('is the file’s PDQ hash, not a SHA-256 of the same length', () => {
    const xml = `<fileDetails><reportId>1</reportId><fileId>f1</fileId>
      <originalFileHash hashType="PDQ">${HEX64}</originalFileHash>
      <originalFileHash hashType="MD5">${MD5}</originalFileHash></fileDetails>`;
    const { file } = mapFileDetails(cybertiplineParser.parse(xml).fileDetails);
    expect(file).toMatchObject({ pdq: HEX64, md5: MD5 });
    expect(file).not.toHaveProperty('sha256');
  });
});
