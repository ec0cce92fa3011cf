/**
 * Fixed-width records (an id plus `words` 32-bit words each) in chunks of 65,536. Chunks, not one growing
 * array: growing by copying would briefly need twice the memory, which at ten million entries is hundreds
 * of megabytes. Entry e lives in chunk e >>> CHUNK_BITS at position e & CHUNK_MASK.
 */
export const CHUNK_BITS = 16;
export const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

export class EntryStore {
  /** Hot loops read these directly: entry e's words start at (e & CHUNK_MASK) * words in wordChunks[e >>> CHUNK_BITS]. */
  readonly wordChunks: Uint32Array[] = [];
  readonly idChunks: Uint32Array[] = [];
  length = 0;

  constructor(readonly words: number) {}

  /** Appends id and source[from … from + words); returns the new entry's number. */
  append(id: number, source: Uint32Array, from: number): number {
    const entry = this.length;
    const chunk = entry >>> CHUNK_BITS;
    if (chunk === this.idChunks.length) {
      this.wordChunks.push(new Uint32Array(this.words << CHUNK_BITS));
      this.idChunks.push(new Uint32Array(1 << CHUNK_BITS));
    }
    const at = entry & CHUNK_MASK;
    this.wordChunks[chunk]!.set(source.subarray(from, from + this.words), at * this.words);
    this.idChunks[chunk]![at] = id;
    this.length++;
    return entry;
  }

  id(entry: number): number {
    return this.idChunks[entry >>> CHUNK_BITS]![entry & CHUNK_MASK]!;
  }

  word(entry: number, w: number): number {
    return this.wordChunks[entry >>> CHUNK_BITS]![(entry & CHUNK_MASK) * this.words + w]!;
  }

  /** Copies entry `from` over entry `to`. */
  move(from: number, to: number): void {
    const w = this.words;
    const source = (from & CHUNK_MASK) * w;
    this.wordChunks[to >>> CHUNK_BITS]!.set(
      this.wordChunks[from >>> CHUNK_BITS]!.subarray(source, source + w),
      (to & CHUNK_MASK) * w,
    );
    this.idChunks[to >>> CHUNK_BITS]![to & CHUNK_MASK] = this.id(from);
  }

  /** Forgets the entries from `length` on, releasing the chunks no longer needed. */
  truncate(length: number): void {
    this.length = length;
    const chunks = (length + CHUNK_MASK) >>> CHUNK_BITS;
    this.wordChunks.length = chunks;
    this.idChunks.length = chunks;
  }
}
