/**
 * The one protocol every load generator thread speaks: the main thread posts a job, the worker posts back
 * its report (or `{ error }`), one job at a time. Both halves live here so they cannot drift apart.
 */
import { parentPort, Worker } from 'node:worker_threads';

/** What every load report carries: the requests that failed (only the first few are kept). */
interface LoadOutcome {
  failures: unknown[];
}

/** A worker thread running `module` (a .ts file); send it jobs one at a time, then close it. */
export class JobThread<Request, Report extends LoadOutcome> {
  private readonly worker: Worker;
  private failure: Error | undefined;

  constructor(module: URL) {
    // Worker threads do not inherit the main thread's tsx hooks: worker-entry.js registers them first.
    this.worker = new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: module.href });
    // An error outside a job (e.g. the worker failing to load) is kept and reported by the next run().
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  /**
   * Runs one job and throws "`what` failed: …" with the first failure it reports: a single failed request
   * makes the figures meaningless.
   */
  async run(request: Request, what: string): Promise<Report> {
    const report = await this.send(request);
    if (report.failures.length) throw new Error(`${what} failed: ${JSON.stringify(report.failures[0])}`);
    return report;
  }

  private send(request: Request): Promise<Report> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      const onMessage = (message: Report | { error: string }) => {
        cleanup();
        if ('error' in message) reject(new Error(`load generator: ${message.error}`));
        else resolve(message);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** In the worker: answers each job with `handle`'s report, or with `{ error }` when it throws. */
export function serveJobs<Request, Report>(handle: (request: Request) => Promise<Report>): void {
  parentPort!.on('message', (request: Request) => {
    handle(request).then(
      (report) => parentPort!.postMessage(report),
      (error: unknown) =>
        parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
