import { buildApp, createUser, SYSTEM_ACTOR } from '@sinag/server';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { checkStored } from '../checks.ts';
import { syntheticCyberTips } from '../cybertip-xml.ts';
import { openFixture } from '../fixture.ts';
import { IspwsLoadGenerator } from '../load/ispws-client.ts';
import { FLOW_STEPS } from '../load/ispws-protocol.ts';
import { round, summarise } from '../stats.ts';
import type { Benchmark } from './types.ts';

/** Bytes uploaded per report: a small image's worth (the bytes are hashed and discarded either way). */
const UPLOAD_BYTES = 4096;

/** Request logs are produced (level info, as by default) but not written anywhere. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

export const ispwsFlow: Benchmark = {
  name: 'ispws.flow',
  description:
    'The CyberTipline-compatible API over loopback HTTP with HTTP Basic auth: C clients, each running its share of report flows (submit → upload of a 4 KiB file → fileinfo → finish, which creates the referral)',
  async run(database, options, log) {
    const fixture = await openFixture(database, options.postgresUrl);
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    const load = new IspwsLoadGenerator();
    try {
      const { services } = fixture;
      const username = `platform-bench-${randomBytes(3).toString('hex')}`;
      const password = `pw-${randomBytes(12).toString('hex')}`;
      await createUser(services, SYSTEM_ACTOR, {
        username,
        password,
        role: 'platform-reporter',
        organisation: 'Bench Platform',
        organisationKind: 'platform',
      });
      app = await buildApp(services, { logStream: discard() });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const baseUrl = `http://127.0.0.1:${port}/ispws`;

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
      const warm = await load.run(request(tips.slice(0, warmupCount)));
      if (warm.failures.length) throw new Error(`warm-up flow failed: ${JSON.stringify(warm.failures[0])}`);

      log(`timed: ${count} reports (4 requests each), ${options.concurrency} clients`);
      const report = await load.run(request(tips.slice(warmupCount)));
      if (report.failures.length) throw new Error(`flow failed: ${JSON.stringify(report.failures[0])}`);
      const steps = Object.fromEntries(
        FLOW_STEPS.flatMap((step) => {
          const s = summarise(report.stepMs[step])!;
          return [
            [`p50Ms.${step}`, s.p50Ms],
            [`p99Ms.${step}`, s.p99Ms],
          ];
        }),
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
      const latency = summarise(report.flowMs)!;
      return {
        name: this.name,
        database,
        storage: fixture.storage,
        databaseVersion: fixture.databaseVersion,
        unit: 'report',
        operations: report.ok,
        seconds: round(report.seconds, 3),
        opsPerSecond: round(report.ok / report.seconds, 1),
        latency: { of: 'report', samples: report.flowMs.length, ...latency },
        warmup: warmupCount,
        params: {
          concurrency: options.concurrency,
          seed: options.seed,
          requestsPerReport: FLOW_STEPS.length,
          uploadBytes: UPLOAD_BYTES,
          logLevel: 'info (discarded)',
          ...steps,
        },
        checks,
      };
    } finally {
      await load.close();
      await app?.close();
      await fixture.close();
    }
  },
};
