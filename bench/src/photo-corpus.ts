import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The benign test photos shared by every worktree (never copied into the project). */
const PHOTOS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/pdq/images',
);
const SOURCES = [
  'dih/bridge-1-original.jpg',
  'misc/pen-and-coaster.png',
  'misc/c.png',
  'labelme-subset/q0122.jpg',
  'labelme-subset/q0291.jpg',
  'labelme-subset/q0746.jpg',
  'labelme-subset/q1050.jpg',
  'labelme-subset/q2821.jpg',
];

export interface PhotoCorpus {
  files: string[];
  bytes: number;
  close(): Promise<void>;
}

/**
 * `count` JPEGs (quality 90) of width × height in a temp folder: fixture photos enlarged to a quarter more
 * than the size and cropped at a different place each time, so no two files are alike.
 */
export async function photoCorpus(count: number, width: number, height: number): Promise<PhotoCorpus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sinag-bench-photos-'));
  mkdirSync(dir, { recursive: true });
  const [bigW, bigH] = [Math.round(width * 1.25), Math.round(height * 1.25)];
  const enlarged = await Promise.all(
    SOURCES.map((source) =>
      sharp(path.join(PHOTOS, source)).removeAlpha().resize(bigW, bigH, { fit: 'cover' }).raw().toBuffer(),
    ),
  );
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    // Crop offsets walk a coprime grid, so consecutive files differ.
    const left = ((i * 37) % 101) * Math.floor((bigW - width) / 100);
    const top = ((i * 53) % 97) * Math.floor((bigH - height) / 96);
    const info = await sharp(enlarged[i % SOURCES.length]!, {
      raw: { width: bigW, height: bigH, channels: 3 },
    })
      .extract({ left, top, width, height })
      .jpeg({ quality: 90 })
      .toFile(file);
    bytes += info.size;
    files.push(file);
  }
  return { files, bytes, close: async () => rmSync(dir, { recursive: true, force: true }) };
}
