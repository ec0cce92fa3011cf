import { buildApp } from '@sinag/server';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { createBenchUser, openFixture } from '../fixture.ts';
import { LoadGenerator } from '../load/client.ts';
import { round, summarise } from '../stats.ts';
import type { Benchmark } from './types.ts';

/** Request logs are produced (level info, as by default) but not written anywhere. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

export const createApi: Benchmark = {
  name: 'referrals.create.api',
  description:
    'POST /api/v1/referrals over loopback HTTP with a platform-reporter API token; C clients, each sending its share in sequence',
  async run(database, options, log) {
    const fixture = await openFixture(database, options.postgresUrl);
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    const load = new LoadGenerator();
    try {
      const { services } = fixture;
      // A platform's account: its referrals go to the intake organisation, as CyberTipline reports do.
      const user = await createBenchUser(services, 'platform-reporter', 'Bench Platform', 'platform');
      app = await buildApp(services, { logStream: discard() });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/v1/referrals`;

      const warmupCount = Math.min(200, Math.max(options.concurrency, Math.ceil(options.apiCount / 10)));
      const data = benchReferrals(options.seed, warmupCount, options.apiCount);
      const request = (bodies: string[]) => ({
        url,
        token: user.token,
        bodies,
        concurrency: options.concurrency,
      });

      log(`warm-up: ${warmupCount} requests`);
      const warm = await load.run(request(data.warmup.map((r) => JSON.stringify(r))));
      if (warm.failures.length)
        throw new Error(`warm-up request failed: ${JSON.stringify(warm.failures[0])}`);

      log(`timed: ${options.apiCount} requests, ${options.concurrency} clients`);
      const report = await load.run(request(data.timed.map((r) => JSON.stringify(r))));
      if (report.failures.length) throw new Error(`request failed: ${JSON.stringify(report.failures[0])}`);

      const checks = await checkStored(services, warmupCount + options.apiCount);
      const latency = summarise(report.latenciesMs)!;
      return {
        name: this.name,
        database,
        storage: fixture.storage,
        databaseVersion: fixture.databaseVersion,
        unit: 'referral',
        operations: report.ok,
        seconds: round(report.seconds, 3),
        opsPerSecond: round(report.ok / report.seconds, 1),
        latency: { of: 'request', samples: report.latenciesMs.length, ...latency },
        warmup: warmupCount,
        params: {
          concurrency: options.concurrency,
          seed: options.seed,
          idempotencyKey: false,
          logLevel: 'info (discarded)',
          ...data.shape,
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
