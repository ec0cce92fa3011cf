import { Worker } from 'node:worker_threads';
import type { IspwsFlowReport, IspwsFlowRequest } from './ispws-protocol.ts';

/** A thread running /ispws report flows; send it jobs one at a time, then close it. */
export class IspwsLoadGenerator {
  private readonly worker = new Worker(new URL('./ispws-worker-entry.js', import.meta.url));
  private failure: Error | undefined;

  constructor() {
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  run(request: IspwsFlowRequest): Promise<IspwsFlowReport> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      const onMessage = (message: IspwsFlowReport | { error: string }) => {
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
