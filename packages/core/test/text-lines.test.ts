import { describe, expect, it } from 'vitest';
import { textLines } from '../src/formats/hash-sets/batches.ts';

async function linesOf(chunks: (Uint8Array | string)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of textLines(chunks)) out.push(...lines);
  return out;
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** The bytes of `text` cut at every position: every two-chunk stream of it. */
function everyCut(text: string): Uint8Array[][] {
  const all = bytes(text);
  return Array.from({ length: all.length + 1 }, (_, i) => [all.slice(0, i), all.slice(i)]);
}

describe('textLines', () => {
  it.each([
    { name: 'LF and CRLF', text: 'a,b\r\nc,d\ne', lines: ['a,b', 'c,d', 'e'] },
    { name: 'a final newline ends the last line', text: 'a\nb\n', lines: ['a', 'b'] },
    { name: 'empty lines are kept', text: 'a\n\nb', lines: ['a', '', 'b'] },
    { name: 'a byte order mark at the start', text: '\uFEFFid\n1', lines: ['id', '1'] },
    { name: 'a byte order mark later is text', text: 'id\n\uFEFF1', lines: ['id', '\uFEFF1'] },
    {
      name: 'characters of two, three and four bytes',
      text: 'Peñafrancia,₱500\n日本,🙂\nSto. Niño',
      lines: ['Peñafrancia,₱500', '日本,🙂', 'Sto. Niño'],
    },
    { name: 'nothing', text: '', lines: [] },
  ])('$name, however the bytes are cut', async ({ text, lines }) => {
    for (const chunks of everyCut(text)) expect(await linesOf(chunks)).toEqual(lines);
    expect(await linesOf([text])).toEqual(lines);
  });

  it('joins a line spread over many chunks without a newline', async () => {
    const long = 'x'.repeat(10_000);
    const all = bytes(`first\n${long}\nlast`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += 7) chunks.push(all.slice(i, i + 7));
    expect(await linesOf(chunks)).toEqual(['first', long, 'last']);
  });

  it('takes strings and bytes in one stream', async () => {
    expect(await linesOf(['a,', bytes('b\nc'), 'd\n', bytes('e')])).toEqual(['a,b', 'cd', 'e']);
  });

  it('keeps what it holds back when the stream reuses a chunk’s memory', async () => {
    const buffer = new Uint8Array(8);
    async function* reused() {
      for (const part of ['ab\ncd', 'ef\ngh', 'ij']) {
        const encoded = bytes(part);
        buffer.set(encoded);
        yield buffer.subarray(0, encoded.length);
      }
    }
    const out: string[] = [];
    for await (const lines of textLines(reused())) out.push(...lines);
    expect(out).toEqual(['ab', 'cdef', 'ghij']);
  });

  it('replaces bytes that are not UTF-8 instead of failing', async () => {
    expect(await linesOf([new Uint8Array([0x61, 0xff, 0x0a, 0x62])])).toEqual(['a\uFFFD', 'b']);
  });
});
