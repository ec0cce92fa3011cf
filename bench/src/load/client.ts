import { JobThread } from './jobs.ts';
import type { LoadReport, LoadRequest } from './protocol.ts';

/** A thread sending JSON POSTs with a bearer token (see worker.ts). */
export class LoadGenerator extends JobThread<LoadRequest, LoadReport> {
  constructor() {
    super(new URL('./worker.ts', import.meta.url));
  }
}
