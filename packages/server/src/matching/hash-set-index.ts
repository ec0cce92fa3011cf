import { DIGEST_BYTES, ExactIndex, PdqIndex, PDQ_MIN_USEFUL_QUALITY, type HashSetKind } from '@sinag/core';
import { streamEntryHashes, type EntryHashes } from '../hash-sets/entries.ts';

import type { Services } from '../services.ts';

/** How long a running import holds back the loading of its set. */
const IMPORT_HOLD_MS = 3_600_000;

export type MatchAlgorithm = 'md5' | 'sha1' | 'sha256' | 'pdq';
const EXACT = ['md5', 'sha1', 'sha256'] as const;

/** A hash set as matching sees it. */
export interface IndexedSet {
  id: string;
  organisationId: string;
  name: string;
  kind: HashSetKind;
  pdqThreshold: number;
  enabled: boolean;
  entryCount: number;
}

/** The hashes of one file to look up; `pdqDihedral` (8 hashes, the first `pdq`) when Sinag had the image. */
export interface FileQuery {
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
  pdq?: string | null;
  pdqQuality?: number | null;
  pdqDihedral?: readonly string[] | null;
}

export interface IndexMatch {
  hashSetId: string;
  entryId: number;
  algorithm: MatchAlgorithm;
  /** Bits apart, for PDQ. */
  distance: number | null;
}

/**
 * Every entry of every hash set, in memory, for matching: exact digests in `ExactIndex`es and PDQ hashes in a
 * `PdqIndex`, all keyed by a slot number (the indexes take ids below 2^32; entry ids are database ids).
 * Disabled sets stay loaded, so enabling one again is immediate; a query looks only at the enabled sets of
 * the caller's organisation, each with its own PDQ threshold. `refresh` brings it up to date with the
 * database: new sets and imports are loaded incrementally, deleted sets dropped.
 */
export class HashSetIndex {
  private readonly exact = {
    md5: new ExactIndex(DIGEST_BYTES.md5),
    sha1: new ExactIndex(DIGEST_BYTES.sha1),
    sha256: new ExactIndex(DIGEST_BYTES.sha256),
  };
  private readonly pdq = new PdqIndex();
  private entryIds = new Float64Array(1024);
  private setOrdinals = new Int32Array(1024);
  private slots = 0;
  private readonly ordinals = new Map<string, number>();
  private readonly sets: (IndexedSet & { loadedUpTo: number })[] = [];

  private changed = new Set<string>();
  private refreshing: Promise<void> | undefined;

  /**
   * Loads what changed in the database since the last call. Concurrent callers share one run; the
   * organisations whose sets changed are kept for `takeChangedOrganisations`.
   */
  refresh(services: Services): Promise<void> {
    this.refreshing ??= this.load(services).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The organisations whose sets changed since the last call. */
  takeChangedOrganisations(): Set<string> {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  private async load(services: Services): Promise<void> {
    const rows = await services.db
      .selectFrom('hash_sets')
      .select(['id', 'organisation_id', 'name', 'kind', 'pdq_threshold', 'enabled', 'entry_count'])
      .execute();
    // A set being imported into is loaded once the import ends: loading it batch by batch would take CPU
    // from the import, and its referrals are matched again only then. (A job left running by a server that
    // died stops counting after an hour.)
    const importing = new Set(
      (
        await services.db
          .selectFrom('hash_set_imports')
          .select('hash_set_id')
          .where('status', '=', 'running')
          .where('started_at', '>', new Date(Date.now() - IMPORT_HOLD_MS))
          .execute()
      ).map((r) => r.hash_set_id),
    );
    const changed = this.changed;
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      const next: IndexedSet = {
        id: row.id,
        organisationId: row.organisation_id,
        name: row.name,
        kind: row.kind,
        pdqThreshold: row.pdq_threshold,
        enabled: row.enabled,
        entryCount: Number(row.entry_count),
      };
      let ordinal = this.ordinals.get(row.id);
      if (ordinal === undefined) {
        ordinal = this.sets.length;
        this.ordinals.set(row.id, ordinal);
        this.sets.push({ ...next, entryCount: -1, loadedUpTo: 0 });
      }
      const set = this.sets[ordinal]!;
      if (importing.has(row.id)) next.entryCount = set.entryCount;
      const grew = set.entryCount !== next.entryCount;
      if (
        grew ||
        set.enabled !== next.enabled ||
        set.pdqThreshold !== next.pdqThreshold ||
        set.kind !== next.kind
      )
        changed.add(next.organisationId);
      Object.assign(set, next);
      if (grew) await this.loadEntries(services, ordinal);
    }
    for (const [id, ordinal] of this.ordinals) {
      if (present.has(id)) continue;
      changed.add(this.sets[ordinal]!.organisationId);
      this.drop(ordinal);
      this.ordinals.delete(id);
    }
  }

  /** Entries of a set added since it was last loaded. */
  private async loadEntries(services: Services, ordinal: number): Promise<void> {
    const set = this.sets[ordinal]!;
    for await (const page of streamEntryHashes(services, set.id, { afterId: set.loadedUpTo })) {
      for (const entry of page) this.add(ordinal, entry);
      set.loadedUpTo = page.at(-1)!.id;
    }
  }

  private add(ordinal: number, entry: EntryHashes): void {
    if (this.slots === this.entryIds.length) {
      const ids = new Float64Array(this.slots * 2);
      ids.set(this.entryIds);
      this.entryIds = ids;
      const ordinals = new Int32Array(this.slots * 2);
      ordinals.set(this.setOrdinals);
      this.setOrdinals = ordinals;
    }
    const slot = this.slots++;
    this.entryIds[slot] = entry.id;
    this.setOrdinals[slot] = ordinal;
    for (const algorithm of EXACT) {
      const hex = entry[algorithm];
      if (hex) this.exact[algorithm].add(slot, hex);
    }
    if (entry.pdq) this.pdq.add(slot, entry.pdq);
  }

  /** A deleted set's entries leave the indexes (its slots are not reused). */
  private drop(ordinal: number): void {
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.setOrdinals[slot] !== ordinal) continue;
      this.setOrdinals[slot] = -1;
      for (const algorithm of EXACT) this.exact[algorithm].remove(slot);
      this.pdq.remove(slot);
    }
  }

  /** The enabled sets of an organisation. */
  setsOf(organisationId: string): IndexedSet[] {
    return this.sets.filter(
      (s) => s.organisationId === organisationId && s.enabled && this.ordinals.has(s.id),
    );
  }

  /**
   * Every entry of the organisation's enabled sets that the file matches: exactly by any digest, or by PDQ
   * within the set's threshold (any of the 8 rotations and flips when they are known). A PDQ hash whose
   * quality is below 50 is unreliable and is not matched.
   */
  match(organisationId: string, file: FileQuery): IndexMatch[] {
    const sets = new Set(this.setsOf(organisationId).map((s) => this.ordinals.get(s.id)!));
    if (!sets.size) return [];
    const found: IndexMatch[] = [];
    const accept = (slot: number, algorithm: MatchAlgorithm, distance: number | null) => {
      const ordinal = this.setOrdinals[slot]!;
      if (!sets.has(ordinal)) return;
      const set = this.sets[ordinal]!;
      if (distance !== null && distance > set.pdqThreshold) return;
      found.push({ hashSetId: set.id, entryId: this.entryIds[slot]!, algorithm, distance });
    };
    for (const algorithm of EXACT) {
      const hex = file[algorithm];
      if (hex) for (const slot of this.exact[algorithm].lookup(hex)) accept(slot, algorithm, null);
    }
    const reliable = file.pdqQuality == null || file.pdqQuality >= PDQ_MIN_USEFUL_QUALITY;
    if (file.pdq && reliable) {
      const widest = Math.max(...[...sets].map((o) => this.sets[o]!.pdqThreshold));
      const hits = file.pdqDihedral?.length
        ? this.pdq.searchAny(file.pdqDihedral, widest)
        : this.pdq.search(file.pdq, widest);
      for (const hit of hits) accept(hit.id, 'pdq', hit.distance);
    }
    return found;
  }
}
