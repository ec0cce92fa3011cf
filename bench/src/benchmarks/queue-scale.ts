import { generateDemoReferrals } from '@sinag/core';
import { createReferralsBulk, type Services } from '@sinag/server';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { existingQueues, queued, settleDerivedWork } from '../derived-work.ts';
import { createBenchUser, issueBenchToken } from '../fixture.ts';
import { SERVER_LOG_LEVEL, startLoopbackServer } from '../loopback-server.ts';
import { round, summarise } from '../stats.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

/** The issue's scale: 1 million referrals (about 5 million identifiers). */
const SCALE = 1_000_000;
/** Referrals generated and stored per step of the build; each step has its own pool of recurring accounts. */
const CHUNK = 50_000;
const BATCH = 1_000;
/** Requests per query after warming up. */
const SAMPLES = 40;
const WARMUP = 5;
/**
 * Stores referrals until the kept schema holds `target`, then waits for linking, scoring and routing to catch
 * up; returns referrals per second over the whole build (intake and everything derived from it), or null if
 * the dataset was already built.
 */
async function build(
  services: Services,
  owner: { organisationId: string; createdBy: string },
  admin: Parameters<typeof createReferralsBulk>[2],
  target: number,
  seed: number,
  log: (line: string) => void,
): Promise<{ built: number; seconds: number; referralsPerSecond: number } | null> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from referrals`.execute(services.db);
  const have = Number(rows[0]!.n);
  const queues = await existingQueues(services);
  if (have >= target) return null;
  log(
    `building the dataset: ${have.toLocaleString()} → ${target.toLocaleString()} referrals (kept for later runs)`,
  );
  const started = performance.now();
  for (let done = have; done < target;) {
    const count = Math.min(CHUNK, target - done);
    const chunk = generateDemoReferrals({ seed: seed + done, count, now: new Date('2026-11-01T00:00:00Z') });
    for (let i = 0; i < chunk.length; i += BATCH) {
      await createReferralsBulk(
        services,
        owner,
        admin,
        chunk.slice(i, i + BATCH).map((data) => ({ data })),
      );
    }
    done += count;
    // What autovacuum would do as the tables grow (it is off on some machines, this one included): without
    // statistics the planner scans millions of identifiers for 500 ids.
    await sql`analyze`.execute(services.db);
    const seconds = (performance.now() - started) / 1000;
    log(
      `  ${done.toLocaleString()} stored, ${(await queued(services, queues)).toLocaleString()} queued for derived work, ${Math.round((done - have) / seconds)}/s`,
    );
  }
  await settleDerivedWork(services, log);
  const seconds = (performance.now() - started) / 1000;
  return {
    built: target - have,
    seconds: round(seconds, 1),
    referralsPerSecond: round((target - have) / seconds, 1),
  };
}

export const queueScale = defineBenchmark({
  name: 'queue.scale',
  description:
    'The queue at 1 million referrals on PostgreSQL: first page under each filter, a referral’s cluster and its graph, over loopback HTTP',
  onlyOn: 'postgres',
  keptSchema: (options) => `bench_queue_${options.quick ? 'quick' : 'scale'}`,
  async measure({ fixture: { services, intake }, options, log, track }) {
    const target = options.quick ? 20_000 : SCALE;
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const building = await build(services, owner, intake.admin, target, options.seed, log);

    const user = await createBenchUser(services, 'supervisor', 'National Intake Center', 'national-center');
    const token = await issueBenchToken(services, user);
    const server = track(await startLoopbackServer(services));
    const get = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${body.slice(0, 300)}`);
      return { ms: performance.now() - started, body };
    };
    const sample = async (paths: () => string) => {
      for (let i = 0; i < WARMUP; i++) await get(paths());
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) ms.push((await get(paths())).ms);
      return ms;
    };

    const counts = await sql<{ referrals: string; identifiers: string }>`
      select (select count(*) from referrals) as referrals,
             (select count(*) from referral_identifiers) as identifiers`.execute(services.db);
    const { referrals, identifiers } = counts.rows[0]!;
    log(
      `${Number(referrals).toLocaleString()} referrals, ${Number(identifiers).toLocaleString()} identifiers`,
    );

    const filters: Record<string, string> = {
      default: '',
      band: 'band=P1',
      source: 'source=cybertip-export',
      region: 'region=VII',
      routedTo: `routedTo=${encodeURIComponent('Central Visayas (VII) regional office')}`,
      assigned: 'assigned=unassigned',
      clusterSize: 'minClusterSize=3',
      status: 'status=new',
      incidentType: 'incidentType=sextortion',
      platform: 'platform=Facebook',
      flag: 'flag=viral-meme',
      search: 'q=blue_mango64',
    };
    const all: number[] = [];
    const perFilter: Record<string, number> = {};
    for (const [name, filter] of Object.entries(filters)) {
      const ms = await sample(() => `/api/v1/referrals?pageSize=50${filter ? `&${filter}` : ''}`);
      perFilter[`queue.${name}.p95Ms`] = summarise(ms)!.p95Ms;
      all.push(...ms);
      log(`queue ${name}: p50 ${summarise(ms)!.p50Ms} ms, p95 ${summarise(ms)!.p95Ms} ms`);
    }

    // Referrals in clusters of several, and any: the cluster and graph of each.
    const { rows: picks } = await sql<{ id: string }>`
      select id from referrals tablesample system (1) limit ${SAMPLES + WARMUP}`.execute(services.db);
    let next = 0;
    const pick = () => picks[next++ % picks.length]!.id;
    const clusterMs = await sample(() => `/api/v1/referrals/${pick()}/cluster`);
    const graphMs = await sample(() => `/api/v1/graph?node=referral:${pick()}`);
    const cluster = summarise(clusterMs)!;
    const graph = summarise(graphMs)!;
    log(`cluster: p95 ${cluster.p95Ms} ms; graph: p95 ${graph.p95Ms} ms`);

    const seconds = all.reduce((a, b) => a + b, 0) / 1000;
    return {
      unit: 'queue page',
      ...timedFigures(all.length, seconds, 'request', all),
      warmup: WARMUP * Object.keys(filters).length,
      params: {
        referrals: Number(referrals),
        identifiers: Number(identifiers),
        samplesPerQuery: SAMPLES,
        logLevel: SERVER_LOG_LEVEL,
        ...(building
          ? {
              builtNow: building.built,
              buildSeconds: building.seconds,
              buildReferralsPerSecond: building.referralsPerSecond,
            }
          : { builtNow: 0 }),
      },
      checks: {
        ...perFilter,
        'cluster.p50Ms': cluster.p50Ms,
        'cluster.p95Ms': cluster.p95Ms,
        'graph.p50Ms': graph.p50Ms,
        'graph.p95Ms': graph.p95Ms,
      },
    };
  },
});
