import { generateDemoReferrals } from '@sinag/core';
import { createReferralsBulk, type Services } from '@sinag/server';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { createBenchUser, issueBenchToken } from '../fixture.ts';
import { SERVER_LOG_LEVEL, startLoopbackServer } from '../loopback-server.ts';
import { round, summarise } from '../stats.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

/** The issue's scale: 100,000 cases with 5 million timeline events. */
const FULL = { cases: 100_000, eventsPerCase: 50 };
const QUICK = { cases: 2_000, eventsPerCase: 50 };
/** Cases written per statement while building, so progress shows and no statement runs for minutes. */
const CHUNK = 10_000;
/** Demo referrals the cases link to (a case page shows its referrals); cases share them round-robin. */
const REFERRALS = 1_000;
/** Colleagues the cases are led by and staffed with. */
const WORKERS = 200;
const SAMPLES = 40;
const WARMUP = 5;

async function count(services: Services, table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
    services.db,
  );
  return Number(rows[0]!.n);
}

/**
 * Builds cases with their team, tasks, legal process and timeline by bulk SQL (generate_series) in the kept
 * schema until it holds `target` cases; returns the seconds taken, or null if it was already built.
 */
async function build(
  services: Services,
  intake: { organisationId: string; adminId: string; admin: Parameters<typeof createReferralsBulk>[2] },
  scale: { cases: number; eventsPerCase: number },
  seed: number,
  log: (line: string) => void,
): Promise<number | null> {
  const have = await count(services, 'cases');
  if (have >= scale.cases) return null;
  const started = performance.now();
  const org = intake.organisationId;
  const db = services.db;
  if ((await count(services, 'referrals')) < REFERRALS) {
    log(`storing ${REFERRALS} demo referrals for the cases to link to`);
    const referrals = generateDemoReferrals({
      seed,
      count: REFERRALS,
      now: new Date('2026-11-01T00:00:00Z'),
    });
    await createReferralsBulk(
      services,
      { organisationId: org, createdBy: intake.adminId },
      intake.admin,
      referrals.map((data) => ({ data })),
    );
  }
  // Accounts that cannot log in (no password hash verifies against '!'): leads, team members, assignees.
  await sql`
    insert into users (organisation_id, username, display_name, role, password_hash)
    select ${org}, 'bench-case-worker-' || g, 'Case worker ' || g, 'investigator', '!'
    from generate_series(1, ${WORKERS}::int) g
    on conflict (username) do nothing`.execute(db);
  for (let done = have; done < scale.cases; done += CHUNK) {
    const n = Math.min(CHUNK, scale.cases - done);
    await db.transaction().execute(async (trx) => {
      // Cases spread over two years, every stage, template and classification; led by the workers in turn.
      await sql`
        with workers as (
          select array_agg(id order by username) as ids from users where username like 'bench-case-worker-%'
        )
        insert into cases (organisation_id, title, status, template, classification, lead_id, created_by,
                           created_at, updated_at, closed_at, closed_reason)
        select ${org}, 'Bench case ' || g,
          (array['intake','investigation','operation','prosecution','aftercare','closed'])[1 + g % 6],
          (array['livestream-for-pay','abuse-material-distribution','sextortion','foreign-offender'])[1 + g % 4],
          (array['RED','AMBER','GREEN','CLEAR'])[1 + g % 4],
          workers.ids[1 + g % ${WORKERS}], ${intake.adminId},
          now() - make_interval(mins => g * 7), now() - make_interval(mins => g * 3),
          case when g % 6 = 5 then now() - make_interval(mins => g) end,
          case when g % 6 = 5 then 'Completed' end
        from generate_series(${done + 1}::int, ${done + n}::int) g, workers`.execute(trx);
      await sql`
        create temporary table new_cases on commit drop as
        select id, created_at, n from (
          select id, created_at, substr(title, 12)::bigint as n from cases where title like 'Bench case %'
        ) c
        where n between ${done + 1} and ${done + n}`.execute(trx);
      await sql`
        with workers as (
          select array_agg(id order by username) as ids from users where username like 'bench-case-worker-%'
        )
        insert into case_team (case_id, user_id, role_on_case)
        select c.id, workers.ids[(1 + (c.n * 7 + k * 31) % ${WORKERS})::int], 'member'
        from new_cases c, workers, generate_series(1, 3) k
        on conflict do nothing`.execute(trx);
      await sql`
        insert into case_referrals (case_id, referral_id)
        select c.id, r.id from new_cases c
        join (select id, row_number() over (order by received_at) as i from referrals) r
          on r.i = 1 + c.n % ${REFERRALS}::int`.execute(trx);
      // Five tasks a case, four in five completed; open ones due from a month ago to two months ahead.
      await sql`
        with workers as (
          select array_agg(id order by username) as ids from users where username like 'bench-case-worker-%'
        )
        insert into case_tasks (case_id, title, assignee_id, due_at, status, fields, field_values, created_at)
        select c.id, 'Standard task ' || k, workers.ids[(1 + (c.n + k) % ${WORKERS})::int],
          case when (c.n + k) % 5 = 0 then now() + make_interval(hours => ((c.n * 37 + k) % 2160)::int - 720)
               else c.created_at + make_interval(days => k) end,
          case when (c.n + k) % 5 = 0 then 'open' else 'done' end,
          '[{"name":"note","label":"Note","type":"text"}]', '{}', c.created_at
        from new_cases c, workers, generate_series(1, 5) k`.execute(trx);
      await sql`
        insert into case_preservations (case_id, recipient, jurisdiction, sent_at, expires_at)
        select id, 'Platform ' || (n % 20), case when n % 3 = 0 then 'US' else 'PH' end,
          now() - make_interval(days => (n % 180)::int), now() + make_interval(days => (n % 240)::int - 60)
        from new_cases where n % 2 = 0`.execute(trx);
      await sql`
        insert into case_warrants (case_id, type, court, number, issued_at, served_at, return_due_at, returned_at)
        select id, (array['WDCD','WICD','WSSECD','WECD'])[(1 + n % 4)::int], 'Regional Trial Court', 'W-' || n,
          now() - make_interval(days => (n % 90)::int), now() - make_interval(days => (n % 90)::int),
          now() + make_interval(hours => ((n * 13) % 1440)::int - 720),
          case when n % 2 = 0 then now() end
        from new_cases where n % 3 = 0`.execute(trx);
      await sql`
        insert into case_legal_requests (case_id, kind, recipient, sent_at, due_at, answered_at)
        select id, (array['subpoena','platform-request','remitter-request'])[(1 + n % 3)::int], 'Recipient ' || (n % 50),
          now() - make_interval(days => 20), now() + make_interval(days => (n % 40)::int - 20),
          case when n % 3 = 0 then now() end
        from new_cases where n % 2 = 1`.execute(trx);
      // The timeline: events spread after each case's opening.
      await sql`
        insert into case_events (case_id, at, actor_name, kind, summary)
        select c.id, c.created_at + make_interval(mins => k * 11), 'Case worker',
          (array['task.update','task.complete','stage.change','warrant.served','request.sent'])[1 + k % 5],
          'Bench event ' || k
        from new_cases c, generate_series(1, ${scale.eventsPerCase}::int) k`.execute(trx);
    });
    const seconds = (performance.now() - started) / 1000;
    log(`  ${(done + n).toLocaleString()} cases built (${Math.round((done + n - have) / seconds)}/s)`);
  }
  // As autovacuum would: statistics for the planner, and the visibility map for index-only scans.
  await sql`vacuum analyze`.execute(db);
  return round((performance.now() - started) / 1000, 1);
}

export const casesScale = defineBenchmark({
  name: 'cases.scale',
  description:
    'A case page (case, tasks, legal process, first timeline page) and the deadlines view with 100,000 cases and 5 million timeline events on PostgreSQL, over loopback HTTP',
  onlyOn: 'postgres',
  keptSchema: (options) => `bench_cases_${options.quick ? 'quick' : 'scale'}`,
  async measure({ fixture: { services, intake }, options, log, track }) {
    const scale = options.quick ? QUICK : FULL;
    const buildSeconds = await build(services, intake, scale, options.seed, log);

    // The one measured: an investigator who leads 20 cases and is on the team of 30 more.
    const user = await createBenchUser(services, 'investigator', 'National Intake Center', 'national-center');
    await sql`
      update cases set lead_id = ${user.userId}
      where id in (select id from cases where status <> 'closed' order by random() limit 20)`.execute(
      services.db,
    );
    await sql`
      insert into case_team (case_id, user_id)
      select id, ${user.userId} from cases where status <> 'closed' order by random() limit 30
      on conflict do nothing`.execute(services.db);
    const token = await issueBenchToken(services, user);
    const server = track(await startLoopbackServer(services));
    const get = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${body.slice(0, 300)}`);
      return performance.now() - started;
    };
    const sample = async (load: () => Promise<number>) => {
      for (let i = 0; i < WARMUP; i++) await load();
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) ms.push(await load());
      return ms;
    };

    const counts = { cases: await count(services, 'cases'), events: await count(services, 'case_events') };
    log(`${counts.cases.toLocaleString()} cases, ${counts.events.toLocaleString()} timeline events`);
    const { rows: picks } = await sql<{ id: string }>`
      select id from cases order by random() limit ${SAMPLES + WARMUP}`.execute(services.db);
    let next = 0;
    // What the browser asks for when a case page opens, all at once as it does; the page is there when the
    // last answer is.
    const casePage = await sample(async () => {
      const id = picks[next++ % picks.length]!.id;
      const started = performance.now();
      await Promise.all([
        get(`/api/v1/cases/${id}`),
        get(`/api/v1/cases/${id}/tasks`),
        get(`/api/v1/cases/${id}/legal`),
        get(`/api/v1/cases/${id}/timeline?page=1&pageSize=25`),
      ]);
      return performance.now() - started;
    });
    const mine = await sample(() => get('/api/v1/deadlines?within=7'));
    const organisation = await sample(() => get('/api/v1/deadlines?within=7&scope=organisation'));
    const page = summarise(casePage)!;
    const deadlinesMine = summarise(mine)!;
    const deadlinesOrg = summarise(organisation)!;
    log(
      `case page: p50 ${page.p50Ms} ms, p95 ${page.p95Ms} ms; deadlines (mine): p95 ${deadlinesMine.p95Ms} ms; ` +
        `deadlines (organisation): p95 ${deadlinesOrg.p95Ms} ms`,
    );

    const all = [...casePage, ...mine, ...organisation];
    const seconds = all.reduce((a, b) => a + b, 0) / 1000;
    return {
      unit: 'page',
      ...timedFigures(all.length, seconds, 'request', all),
      warmup: WARMUP * 3,
      params: {
        cases: counts.cases,
        timelineEvents: counts.events,
        tasks: await count(services, 'case_tasks'),
        samplesPerQuery: SAMPLES,
        logLevel: SERVER_LOG_LEVEL,
        ...(buildSeconds === null ? { builtNow: false } : { builtNow: true, buildSeconds }),
      },
      checks: {
        'casePage.p50Ms': page.p50Ms,
        'casePage.p95Ms': page.p95Ms!,
        'deadlines.mine.p95Ms': deadlinesMine.p95Ms!,
        'deadlines.organisation.p95Ms': deadlinesOrg.p95Ms!,
      },
    };
  },
});
