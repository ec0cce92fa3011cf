import type { Attributes, ReferralFile } from '../../referrals/schema.ts';
import { allText, attr, bool, child, children, flags, text, type XmlNode } from '../xml.ts';

export interface MappedFileDetails {
  reportId?: string;
  fileId?: string;
  /** The file as the canonical model holds it, without the hashes Sinag computes from the bytes. */
  file: Omit<ReferralFile, 'md5' | 'sha1' | 'sha256' | 'pdq'> &
    Partial<Pick<ReferralFile, 'md5' | 'sha1' | 'sha256' | 'pdq'>>;
}

/** Hex length decides the algorithm: platforms do mislabel (a 64-character "SHA1" is a SHA-256). */
const BY_LENGTH: Record<number, 'md5' | 'sha1' | 'sha256'> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** Maps a parsed, schema-valid `fileDetails` element. Hashes the platform computed are kept as given. */
export function mapFileDetails(details: XmlNode): MappedFileDetails {
  const attributes: Attributes = {};
  const put = (name: string, value: string | boolean | undefined) => {
    if (value !== undefined) attributes[name] = value;
  };
  const hashes: Partial<Record<'md5' | 'sha1' | 'sha256' | 'pdq', string>> = {};
  for (const hash of children(details, 'originalFileHash')) {
    const declared = attr(hash, 'hashType') ?? 'unknown';
    const value = text(hash);
    if (!value) continue;
    // PDQ is as long as SHA-256: only its label tells them apart.
    if (declared.toLowerCase() === 'pdq' && /^[0-9a-f]{64}$/i.test(value)) {
      hashes.pdq ??= value.toLowerCase();
      continue;
    }
    const algorithm = /^[0-9a-f]+$/i.test(value) ? BY_LENGTH[value.length] : undefined;
    if (algorithm && !hashes[algorithm]) hashes[algorithm] = value.toLowerCase();
    if (!algorithm || declared.replace('-', '').toLowerCase() !== algorithm)
      put(`originalFileHash ${declared}`, value);
  }
  put('originalFileName', text(child(details, 'originalFileName')));
  put('locationOfFile', text(child(details, 'locationOfFile')));
  put('exifViewedByEsp', bool(text(child(details, 'exifViewedByEsp'))));
  put('additionalInfo', allText(details, 'additionalInfo'));
  children(details, 'deviceId').forEach((device, i) => {
    put(
      `deviceId ${i + 1}`,
      [text(child(device, 'idType')), text(child(device, 'idValue'))].filter(Boolean).join(': '),
    );
  });
  for (const group of children(details, 'details')) {
    const type = attr(group, 'type') ?? 'details';
    for (const pair of children(group, 'nameValuePair')) {
      const name = text(child(pair, 'name'));
      if (name) put(`${type}:${name}`, text(child(pair, 'value')) ?? '');
    }
  }
  const annotations = flags(child(details, 'fileAnnotations'));
  if (bool(text(child(details, 'potentialMeme'))) && !annotations.includes('potentialMeme'))
    annotations.push('potentialMeme');
  const capture = children(details, 'ipCaptureEvent')[0];
  const ip = text(child(capture, 'ipAddress'));
  const file: MappedFileDetails['file'] = {
    ...hashes,
    sourceFileId: text(child(details, 'fileId')),
    name: text(child(details, 'fileName')),
    viewedByEsp: bool(text(child(details, 'fileViewedByEsp'))),
    publiclyAvailable: bool(text(child(details, 'publiclyAvailable'))),
    annotations: annotations.length ? annotations : undefined,
    relevance: text(child(details, 'fileRelevance')),
    industryClassification: text(child(details, 'industryClassification')),
    uploadedAt: text(child(details, 'uploadedToEspTimestamp')),
    ipCapture: ip
      ? { ip, event: text(child(capture, 'eventName')), at: text(child(capture, 'dateTime')) }
      : undefined,
    attributes: Object.keys(attributes).length ? attributes : undefined,
  };
  for (const key of Object.keys(file) as (keyof typeof file)[]) if (file[key] === undefined) delete file[key];
  return { reportId: text(child(details, 'reportId')), fileId: text(child(details, 'fileId')), file };
}
