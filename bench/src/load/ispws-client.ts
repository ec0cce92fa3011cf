import { JobThread } from './jobs.ts';
import type { IspwsFlowReport, IspwsFlowRequest } from './ispws-protocol.ts';

/** A thread running /ispws report flows (see ispws-worker.ts). */
export class IspwsLoadGenerator extends JobThread<IspwsFlowRequest, IspwsFlowReport> {
  constructor() {
    super(new URL('./ispws-worker.ts', import.meta.url));
  }
}
