/** What the main thread asks the /ispws load generator to do: one report flow per item. */
export interface IspwsFlowRequest {
  /** The /ispws base URL, always on 127.0.0.1. */
  baseUrl: string;
  username: string;
  password: string;
  /** Per report: the `report` document and a `fileDetails` template (its reportId and fileId are set per flow). */
  reports: { report: string; fileDetails: string }[];
  /** Bytes of the file uploaded per report (random, distinct per report). */
  uploadBytes: number;
  concurrency: number;
}

/** The steps of one flow, in order. */
export const FLOW_STEPS = ['submit', 'upload', 'fileinfo', 'finish'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

export interface IspwsFlowReport {
  /** From the first request sent to the last response read. */
  seconds: number;
  /** Flows that ended in a finished report. */
  ok: number;
  /** Per flow (submit → upload → fileinfo → finish), in the order of `reports`. */
  flowMs: number[];
  /** Per request, by step. */
  stepMs: Record<FlowStep, number[]>;
  failures: { index: number; step: FlowStep; status: number; body: string }[];
}
