import type { EntryStore } from './entry-store.ts';
import { EntryTable } from './entry-table.ts';

/** Entries of a store by their id, which the store holds: the table itself keeps only entry numbers. */
export class IdTable extends EntryTable {
  constructor(private readonly store: EntryStore) {
    super((entry) => store.id(entry));
  }

  /** The entry with this id, or -1. */
  find(id: number): number {
    const { slots, mask } = this;
    for (let s = this.home(id); slots[s] !== 0; s = (s + 1) & mask) {
      const entry = slots[s]! - 1;
      if (this.store.id(entry) === id) return entry;
    }
    return -1;
  }
}
