/**
 * The load generator, in its own thread so the HTTP clients do not share the server's event loop.
 * It only ever calls the loopback address it is given, and each client sends a fixed share of the bodies.
 */
import { performance } from 'node:perf_hooks';
import { LoopbackClient } from './http.ts';
import { serveJobs } from './jobs.ts';
import type { LoadReport, LoadRequest } from './protocol.ts';

const MAX_FAILURES_SHOWN = 5;

async function runLoad({ url, token, bodies, concurrency }: LoadRequest): Promise<LoadReport> {
  const http = new LoopbackClient(new URL(url), concurrency);
  const latenciesMs = new Float64Array(bodies.length);
  const failures: LoadReport['failures'] = [];
  let ok = 0;
  let stop = false;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Client k sends bodies k, k+C, k+2C, … one after another: a bounded loop, at most C requests in flight.
  const client = async (k: number) => {
    for (let i = k; i < bodies.length && !stop; i += concurrency) {
      const started = performance.now();
      const { status, text } = await http.post(url, headers, bodies[i]!);
      latenciesMs[i] = performance.now() - started;
      if (status === 201) {
        ok++;
      } else {
        // One failure means the figures would be meaningless: stop every client.
        stop = true;
        if (failures.length < MAX_FAILURES_SHOWN)
          failures.push({ index: i, status, body: text.slice(0, 500) });
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, (_, k) => client(k)));
  const seconds = (performance.now() - started) / 1000;
  http.close();
  return { seconds, ok, latenciesMs: Array.from(latenciesMs.subarray(0, bodies.length)), failures };
}

serveJobs(runLoad);
