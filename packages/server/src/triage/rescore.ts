import type { FileMatchStatus, NormalisedReferral } from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import { auditInserts } from '../audit/log.ts';
import { startLoop, type LoopPacing } from '../background.ts';
import type { Database } from '../db/schema.ts';
import { executeTogether } from '../db/together.ts';
import { takeQueued } from '../db/work-queue.ts';
import type { Services } from '../services.ts';
import { SYSTEM_ACTOR } from '../users/service.ts';
import { triageColumns } from './columns.ts';
import { currentTriageConfig } from './configs.ts';
import { clusterFacts } from '../linking/facts.ts';

/** Referrals scored per transaction: large enough that a round trip costs little per referral. */
const BATCH = 500;

/**
 * Queues referrals to be scored again because a fact about them changed (a hash match, a link, a financial
 * lead), in the caller's transaction so the fact and the request commit together.
 */
export async function queueRescoring(trx: Transaction<Database>, referralIds: string[]): Promise<void> {
  for (let i = 0; i < referralIds.length; i += 5000)
    await trx
      .insertInto('triage_queue')
      .values(referralIds.slice(i, i + 5000).map((id) => ({ referral_id: id })))
      .onConflict((oc) => oc.column('referral_id').doNothing())
      .execute();
}

/**
 * A referral as `referrals.data` keeps it. Referrals stored before some lists existed (victims, evidence held
 * elsewhere) lack them: they read as empty.
 */
function storedReferral(data: unknown): NormalisedReferral {
  const stored = data as Partial<NormalisedReferral>;
  return {
    externalIds: [],
    internetDetails: [],
    reportedPersons: [],
    victims: [],
    files: [],
    evidenceReferences: [],
    ...stored,
  } as NormalisedReferral;
}

/** Each file's standing against the hash sets, by referral and file index (as the referral view shows it). */
async function fileStatusesOf(trx: Transaction<Database>, ids: string[]) {
  const { rows } = await sql<{
    referral_id: string;
    file_index: number;
    pending: boolean;
    allowed: boolean;
    known: boolean;
  }>`
    select f.referral_id, f.file_index,
      exists (select 1 from match_queue q where q.referral_id = f.referral_id) as pending,
      coalesce(bool_or(s.kind = 'allow'), false) as allowed,
      coalesce(bool_or(s.kind = 'known'), false) as known
    from referral_files f
    left join referral_file_matches m on m.referral_id = f.referral_id and m.file_index = f.file_index
    left join hash_sets s on s.id = m.hash_set_id and s.enabled
    where f.referral_id in (${sql.join(ids)})
    group by f.referral_id, f.file_index`.execute(trx);
  const statuses = new Map<string, FileMatchStatus[]>();
  for (const row of rows) {
    const status: FileMatchStatus = row.pending
      ? 'pending'
      : row.allowed
        ? 'allow-listed'
        : row.known
          ? 'known'
          : 'not-in-any-list';
    const list = statuses.get(row.referral_id) ?? [];
    list[row.file_index] = status;
    statuses.set(row.referral_id, list);
  }
  return statuses;
}

/**
 * Scores up to `BATCH` queued referrals again with the config in force, taking them off the queue in the
 * same transaction; an override stays as it is. Returns how many it took off the queue (a referral that cannot
 * be scored is taken off too), so that a full batch tells the loop more is waiting.
 */
export async function rescoreQueued(services: Services): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const ids = await takeQueued(trx, 'triage_queue', BATCH);
    if (!ids.length) return 0;
    const [config, referrals, statuses, links] = await Promise.all([
      currentTriageConfig(trx),
      // Locked in id order, as every writer that locks several referrals takes them (a bulk assignment
      // updating the same rows in another order would deadlock with this batch).
      trx
        .selectFrom('referrals')
        .select(['id', 'data'])
        .where('id', 'in', ids)
        .orderBy('id')
        .forNoKeyUpdate()
        .execute(),
      fileStatusesOf(trx, ids),
      clusterFacts(trx, ids),
    ]);
    const scored = referrals.flatMap((r) => {
      try {
        const columns = triageColumns(
          storedReferral(r.data),
          statuses.get(r.id) ?? [],
          links.get(r.id)!,
          config,
        );
        return [{ id: r.id, ...columns }];
      } catch (error) {
        // One referral that cannot be scored keeps its priority; it must not hold up the queue. Its id only:
        // the data may name a child.
        console.error(`triage: referral ${r.id} could not be scored again:`, (error as Error).name);
        return [];
      }
    });
    if (!scored.length) return ids.length;
    await executeTogether(
      trx,
      auditInserts(trx, SYSTEM_ACTOR, [
        {
          action: 'referral.rescore',
          entityType: 'referral',
          details: { referrals: scored.map((s) => s.id), configVersion: config.version },
        },
      ]),
      sql`
        update referrals r set
          priority_band = v.priority_band, priority_score = v.priority_score,
          priority_factors = v.priority_factors, priority_flags = v.priority_flags,
          triage_config_version = v.triage_config_version
        from jsonb_to_recordset(${JSON.stringify(scored)}::jsonb) as v(
          id uuid, priority_band text, priority_score int, priority_factors jsonb, priority_flags jsonb,
          triage_config_version int)
        where r.id = v.id`,
    );
    return ids.length;
  });
}

/** Keeps re-scoring going in a server (see `startLoop` for the pacing). */
export function startRescoring(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  return startLoop(() => rescoreQueued(services), 'triage re-scoring', pacing, BATCH);
}
