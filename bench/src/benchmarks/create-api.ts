import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { createBenchUser, issueBenchToken } from '../fixture.ts';
import { LoadGenerator } from '../load/client.ts';
import { SERVER_LOG_LEVEL, startLoopbackServer } from '../loopback-server.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

export const createApi = defineBenchmark({
  name: 'referrals.create.api',
  description:
    'POST /api/v1/referrals over loopback HTTP with a platform-reporter API token; C clients, each sending its share in sequence',
  async measure({ fixture: { services }, options, log, track }) {
    // A platform's account: its referrals go to the intake organisation, as CyberTipline reports do.
    const user = await createBenchUser(services, 'platform-reporter', 'Bench Platform', 'platform');
    const token = await issueBenchToken(services, user);
    const server = track(await startLoopbackServer(services));
    const load = track(new LoadGenerator());
    const url = `${server.origin}/api/v1/referrals`;

    const warmupCount = Math.min(200, Math.max(options.concurrency, Math.ceil(options.apiCount / 10)));
    const data = benchReferrals(options.seed, warmupCount, options.apiCount);
    const request = (bodies: string[]) => ({ url, token, bodies, concurrency: options.concurrency });

    log(`warm-up: ${warmupCount} requests`);
    await load.run(request(data.warmup.map((r) => JSON.stringify(r))), 'warm-up request');

    log(`timed: ${options.apiCount} requests, ${options.concurrency} clients`);
    const report = await load.run(request(data.timed.map((r) => JSON.stringify(r))), 'request');

    const checks = await checkStored(services, warmupCount + options.apiCount);
    return {
      unit: 'referral',
      ...timedFigures(report.ok, report.seconds, 'request', report.latenciesMs),
      warmup: warmupCount,
      params: {
        concurrency: options.concurrency,
        seed: options.seed,
        idempotencyKey: false,
        logLevel: SERVER_LOG_LEVEL,
        ...data.shape,
      },
      checks,
    };
  },
});
