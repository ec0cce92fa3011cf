import { listedHashes } from '@sinag/core';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { auditInserts } from '../audit/log.ts';
import { startLoop, type LoopPacing } from '../background.ts';
import { executeTogether } from '../db/together.ts';
import { takeQueued } from '../db/work-queue.ts';
import type { Services } from '../services.ts';
import { queueRescoring } from '../triage/rescore.ts';
import { SYSTEM_ACTOR } from '../users/service.ts';
import type { IndexedSet, IndexMatch } from './hash-set-index.ts';

/** One match per set entry and algorithm (a listed hash can repeat the file's own). */
function uniqueMatches(matches: IndexMatch[]): IndexMatch[] {
  const seen = new Map<string, IndexMatch>();
  for (const m of matches) {
    const key = `${m.hashSetId} ${m.entryId} ${m.algorithm}`;
    const earlier = seen.get(key);
    if (!earlier || (m.distance ?? 0) < (earlier.distance ?? 0)) seen.set(key, m);
  }
  return [...seen.values()];
}

/** Referrals matched per transaction. */
const BATCH = 200;

/**
 * What an organisation's sets looked like when its referrals were last queued for matching. Kept in the
 * database, so a change made while no server ran (a CLI import) is noticed at the next start, and several
 * servers queue once.
 */
function fingerprint(sets: IndexedSet[]): string {
  const parts = sets
    .map((s) => `${s.id}:${s.kind}:${s.pdqThreshold}:${s.entryCount}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(parts).digest('hex');
}

/**
 * Queues every referral with files of the organisations whose enabled sets changed since last time (an import
 * counts once it has finished: the index does not take in a set's new entries before).
 */
async function queueChangedOrganisations(services: Services, organisations: Iterable<string>): Promise<void> {
  for (const organisationId of organisations) {
    const print = fingerprint(services.hashIndex.setsOf(organisationId));
    await services.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('match_state')
        .select('sets_fingerprint')
        .where('organisation_id', '=', organisationId)
        .forUpdate()
        .executeTakeFirst();
      if (last?.sets_fingerprint === print) return;
      await trx
        .insertInto('match_state')
        .values({ organisation_id: organisationId, sets_fingerprint: print })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ sets_fingerprint: print }))
        .execute();
      await sql`
        insert into match_queue (referral_id)
        select id from referrals where organisation_id = ${organisationId} and file_count > 0
        on conflict do nothing`.execute(trx);
    });
  }
}

/**
 * Matches up to `BATCH` queued referrals against their organisation's enabled sets and records what each
 * file matched (replacing earlier results), in one transaction with taking them off the queue: a referral
 * that is not queued has been matched. Returns how many referrals it matched.
 */
export async function matchQueuedReferrals(services: Services): Promise<number> {
  const index = services.hashIndex;
  return services.db.transaction().execute(async (trx) => {
    const ids = await takeQueued(trx, 'match_queue', BATCH);
    if (!ids.length) return 0;
    const files = await trx
      .selectFrom('referral_files as f')
      .innerJoin('referrals as r', 'r.id', 'f.referral_id')
      .select([
        'f.referral_id',
        'f.file_index',
        'f.md5',
        'f.sha1',
        'f.sha256',
        'f.pdq',
        'f.pdq_quality',
        'f.pdq_dihedral',
      ])
      .select('r.organisation_id')
      // Hashes the source listed besides the file's own (see listedHashes).
      .select(
        sql<Record<string, unknown> | null>`r.data -> 'files' -> f.file_index -> 'attributes'`.as(
          'attributes',
        ),
      )
      .where('f.referral_id', 'in', ids)
      // Both sides by id: the planner then looks the referrals up instead of scanning them all.
      .where('r.id', 'in', ids)
      .execute();
    const matches = files.flatMap((file) =>
      uniqueMatches([
        ...index.match(file.organisation_id, {
          md5: file.md5,
          sha1: file.sha1,
          sha256: file.sha256,
          pdq: file.pdq,
          pdqQuality: file.pdq_quality,
          pdqDihedral: file.pdq_dihedral,
        }),
        ...listedHashes(file.attributes).flatMap(({ algorithm, hex }) =>
          index.match(file.organisation_id, { [algorithm]: hex }),
        ),
      ]).map((m) => ({
        referral_id: file.referral_id,
        file_index: file.file_index,
        hash_set_id: m.hashSetId,
        entry_id: m.entryId,
        algorithm: m.algorithm,
        distance: m.distance,
      })),
    );
    await executeTogether(
      trx,
      auditInserts(trx, SYSTEM_ACTOR, [
        {
          action: 'referral.match',
          entityType: 'referral',
          details: { referrals: ids, files: files.length, matches: matches.length },
        },
      ]),
      trx.deleteFrom('referral_file_matches').where('referral_id', 'in', ids),
    );
    // After the delete above has run: the parts of one statement cannot see each other's writes.
    for (let i = 0; i < matches.length; i += 5000)
      await trx
        .insertInto('referral_file_matches')
        .values(matches.slice(i, i + 5000))
        .execute();
    // What the files matched changes the referrals' priority (unknown material, known material).
    await queueRescoring(trx, ids);
    return ids.length;
  });
}

/**
 * Keeps matching going in a server: each round brings the in-memory index up to date (a set created,
 * changed, imported into or deleted is seen within `idleMs`), queues the referrals of organisations whose
 * sets changed, then matches a batch of queued referrals (see `startLoop` for the pacing).
 */
export function startMatching(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  return startLoop(
    async () => {
      await services.hashIndex.refresh(services);
      await queueChangedOrganisations(services, services.hashIndex.takeChangedOrganisations());
      return matchQueuedReferrals(services);
    },
    'matching',
    pacing,
    BATCH,
  );
}
