import { Worker } from 'node:worker_threads';
import type { LoadReport, LoadRequest } from './protocol.ts';

/** A load generator thread; send it jobs one at a time, then close it. */
export class LoadGenerator {
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(new URL('./worker-entry.js', import.meta.url));
    // An error outside a job (e.g. the worker failing to load) is kept and reported by the next run().
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  private failure: Error | undefined;

  run(request: LoadRequest): Promise<LoadReport> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      const onMessage = (message: LoadReport | { error: string }) => {
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
