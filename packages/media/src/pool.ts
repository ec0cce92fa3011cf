import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileHashes, HashOptions } from './hash-file.ts';
import type { HashDone, HashJob } from './hash-protocol.ts';

const ENTRY = new URL('./hash-worker-entry.js', import.meta.url);

/** Jobs in flight per worker: while one waits for the disk, another computes. */
const JOBS_PER_WORKER = 2;

interface Pending {
  job: HashJob;
  resolve: (hashes: FileHashes) => void;
}

interface Thread {
  worker: Worker;
  running: Map<number, Pending>;
}

/**
 * Worker threads (one per core by default) that hash files with hashFile. A worker that dies answers
 * its jobs with an error and is replaced, so one bad file cannot stop a batch.
 */
export class HashPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: HashOptions & { threads?: number } = {}) {
    const count = Math.max(1, options.threads ?? os.availableParallelism());
    for (let i = 0; i < count; i++) this.threads.push(this.start());
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(ENTRY), running: new Map() };
    thread.worker.on('message', ({ id, hashes }: HashDone) => {
      thread.running.get(id)?.resolve(hashes);
      thread.running.delete(id);
      this.dispatch();
    });
    let failure = 'the worker thread stopped';
    thread.worker.on('error', (error) => (failure = error.message));
    thread.worker.on('exit', () => this.replace(thread, failure));
    return thread;
  }

  private replace(thread: Thread, failure: string): void {
    for (const { resolve } of thread.running.values()) resolve({ error: `hashing failed: ${failure}` });
    thread.running.clear();
    if (this.closed) return;
    this.threads[this.threads.indexOf(thread)] = this.start();
    this.dispatch();
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      while (this.queue.length && thread.running.size < JOBS_PER_WORKER) {
        const pending = this.queue.shift()!;
        thread.running.set(pending.job.id, pending);
        thread.worker.postMessage(pending.job);
      }
    }
  }

  /** The hashes of one file; never rejects (failures are in `error`). */
  hash(file: string): Promise<FileHashes> {
    if (this.closed) return Promise.reject(new Error('the hash pool is closed'));
    const { dihedral } = this.options;
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, file, options: { dihedral } }, resolve });
      this.dispatch();
    });
  }

  /**
   * The hashes of `files`, in their order, as they are ready; a bounded number are hashed ahead, so a
   * list of any length uses little memory.
   */
  async *hashAll(files: Iterable<string>): AsyncGenerator<[string, FileHashes]> {
    const ahead = this.threads.length * JOBS_PER_WORKER * 4;
    const window: [string, Promise<FileHashes>][] = [];
    for (const file of files) {
      window.push([file, this.hash(file)]);
      if (window.length >= ahead) {
        const [done, hashes] = window.shift()!;
        yield [done, await hashes];
      }
    }
    for (const [done, hashes] of window) yield [done, await hashes];
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}
