import type { FileMatching, HashMatch } from '@sinag/core';
import { findEntryDetails } from '../hash-sets/entries.ts';
import type { Services } from '../services.ts';
import type { IndexMatch } from './hash-set-index.ts';

type Db = Services['db'];

/** Names, kinds and category labels of the sets that matches point to (the caller's enabled sets only). */
async function setsById(db: Db, organisationId: string, ids: string[]) {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('hash_sets as s')
    .innerJoin('category_schemes as c', 'c.id', 's.scheme_id')
    .select(['s.id', 's.name', 's.kind', 'c.categories'])
    .where('s.id', 'in', ids)
    .where('s.organisation_id', '=', organisationId)
    .where('s.enabled', '=', true)
    .execute();
  return new Map(
    rows.map((row) => {
      const labels = new Map(
        (row.categories as { value: string; label: string }[]).map((c) => [c.value, c.label]),
      );
      return [row.id, { id: row.id, name: row.name, kind: row.kind, labels }];
    }),
  );
}

/** Matches with what the set's source says about each entry; matches of sets no longer enabled drop out. */
export async function describeMatches<T extends IndexMatch>(
  services: Services,
  organisationId: string,
  matches: T[],
): Promise<{ source: T; match: HashMatch }[]> {
  const sets = await setsById(services.db, organisationId, [...new Set(matches.map((m) => m.hashSetId))]);
  const visible = matches.filter((m) => sets.has(m.hashSetId));
  const details = new Map(
    (
      await findEntryDetails(
        services,
        visible.map((m) => ({ hashSetId: m.hashSetId, id: m.entryId })),
      )
    ).map((d) => [d.id, d]),
  );
  return visible.map((m) => {
    const set = sets.get(m.hashSetId)!;
    const entry = details.get(m.entryId);
    const category = entry?.category ?? null;
    const match: HashMatch = {
      hashSet: { id: set.id, name: set.name, kind: set.kind },
      entryId: m.entryId,
      algorithm: m.algorithm,
      distance: m.distance,
      category,
      categoryLabel: (category !== null && set.labels.get(category)) || null,
      series: entry?.series ?? null,
      victimIdentified: entry?.victimIdentified ?? null,
      label: entry?.label ?? null,
    };
    return { source: m, match };
  });
}

/** Each file's standing against the hash sets, by file index. */
export async function fileMatchingOf(
  services: Services,
  organisationId: string,
  referralId: string,
  files: { file_index: number }[],
): Promise<Map<number, FileMatching>> {
  const queued = await services.db
    .selectFrom('match_queue')
    .select('referral_id')
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
  const rows = await services.db
    .selectFrom('referral_file_matches')
    .selectAll()
    .where('referral_id', '=', referralId)
    .execute();
  const described = await describeMatches(
    services,
    organisationId,
    rows.map((r) => ({
      fileIndex: r.file_index,
      hashSetId: r.hash_set_id,
      entryId: Number(r.entry_id),
      algorithm: r.algorithm,
      distance: r.distance,
    })),
  );
  const byFile = new Map<number, HashMatch[]>();
  for (const { source, match } of described)
    byFile.set(source.fileIndex, [...(byFile.get(source.fileIndex) ?? []), match]);
  return new Map(
    files.map((file) => {
      const matches = byFile.get(file.file_index) ?? [];
      const status: FileMatching['status'] = queued
        ? 'pending'
        : matches.some((m) => m.hashSet.kind === 'allow')
          ? 'allow-listed'
          : matches.length
            ? 'known'
            : 'not-in-any-list';
      return [file.file_index, { status, matches }];
    }),
  );
}
