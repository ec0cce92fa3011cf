import { checkStored } from '../checks.ts';
import { backendCpuMs, backendCpuSince, cpuMs, mainThreadCpuMs } from '../database-cpu.ts';
import { syntheticCyberTips } from '../cybertip-xml.ts';
import { drained, existingQueues } from '../derived-work.ts';
import { createBenchUser } from '../fixture.ts';
import { IspwsLoadGenerator } from '../load/ispws-client.ts';
import { FLOW_STEPS } from '../load/ispws-protocol.ts';
import { SERVER_LOG_LEVEL, startLoopbackServer } from '../loopback-server.ts';
import { summarise } from '../stats.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

const since = (before: number | undefined, after: number | undefined) =>
  before === undefined || after === undefined ? undefined : after - before;

/**
 * CPU milliseconds per report: the server's thread, the whole process (the load generator's worker and V8's
 * helper threads too) and PostgreSQL's backends (with `PGAPPNAME` set); what could not be read is left out.
 */
function cpuPerReport(reports: number, used: Record<string, number | undefined>) {
  return Object.fromEntries(
    Object.entries(used).flatMap(([k, ms]) =>
      ms === undefined ? [] : [[k, Math.round((ms / reports) * 100) / 100]],
    ),
  );
}

/** Bytes uploaded per report: a small image's worth (the bytes are hashed and discarded either way). */
const UPLOAD_BYTES = 4096;

export const ispwsFlow = defineBenchmark({
  name: 'ispws.flow',
  description:
    'The CyberTipline-compatible API over loopback HTTP with HTTP Basic auth: C clients, each running its share of report flows (submit → upload of a 4 KiB file → fileinfo → finish, which creates the referral)',
  async measure({ fixture: { services }, options, log, track }) {
    // HTTP Basic auth with the account's password, as a platform's CyberTipline integration signs in.
    const { username, password } = await createBenchUser(
      services,
      'platform-reporter',
      'Bench Platform',
      'platform',
    );
    const server = track(await startLoopbackServer(services));
    const load = track(new IspwsLoadGenerator());
    const baseUrl = `${server.origin}/ispws`;

    const count = options.apiCount;
    const warmupCount = Math.min(50, Math.max(options.concurrency, Math.ceil(count / 20)));
    const tips = syntheticCyberTips(options.seed, warmupCount + count).map((tip) => ({
      report: tip.report,
      fileDetails: tip.fileDetails[0]!,
    }));
    const request = (reports: typeof tips) => ({
      baseUrl,
      username,
      password,
      reports,
      uploadBytes: UPLOAD_BYTES,
      concurrency: options.concurrency,
    });

    log(`warm-up: ${warmupCount} reports`);
    await load.run(request(tips.slice(0, warmupCount)), 'warm-up flow');
    const derivedTables = [...(await existingQueues(services)), 'audit_unsealed'];
    await drained(services, derivedTables, 10);

    log(`timed: ${count} reports (4 requests each), ${options.concurrency} clients`);
    const databaseBefore = await backendCpuMs(services);
    const serverBefore = mainThreadCpuMs();
    const processBefore = process.cpuUsage();
    const report = await load.run(request(tips.slice(warmupCount)), 'flow');
    // A report's cost includes what the server derives from it in the background, and the audit chain's seal.
    const settledMs = await drained(services, derivedTables, 10);
    const cpu = cpuPerReport(report.ok, {
      serverThread: since(serverBefore, mainThreadCpuMs()),
      process: cpuMs(process.cpuUsage(processBefore)),
      postgres: backendCpuSince(databaseBefore, await backendCpuMs(services)),
    });
    const steps = Object.fromEntries(
      FLOW_STEPS.flatMap((step) => {
        const s = summarise(report.stepMs[step])!;
        return [
          [`p50Ms.${step}`, s.p50Ms],
          [`p99Ms.${step}`, s.p99Ms],
        ];
      }),
    );
    log(`derived work and sealing done ${Math.round(settledMs)} ms after the last report`);
    log(
      `CPU per report (derived work included), ms: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    log(
      `per request, p50/p99 ms: ${FLOW_STEPS.map((s) => `${s} ${steps[`p50Ms.${s}`]}/${steps[`p99Ms.${s}`]}`).join(', ')}`,
    );

    const checks = await checkStored(services, warmupCount + count);
    const open = await services.db
      .selectFrom('ispws_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '<>', 'finished')
      .executeTakeFirstOrThrow();
    if (Number(open.n)) throw new Error(`${open.n} reports were not finished`);
    return {
      unit: 'report',
      ...timedFigures(report.ok, report.seconds, 'report', report.flowMs),
      warmup: warmupCount,
      params: {
        concurrency: options.concurrency,
        seed: options.seed,
        requestsPerReport: FLOW_STEPS.length,
        uploadBytes: UPLOAD_BYTES,
        logLevel: SERVER_LOG_LEVEL,
        ...steps,
        derivedWorkSettledMs: Math.round(settledMs),
        ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [`cpuMsPerReport.${k}`, v])),
      },
      checks,
    };
  },
});
