/** What the main thread asks the load generator to send. */
export interface LoadRequest {
  /** The endpoint, always on 127.0.0.1. */
  url: string;
  token: string;
  /** Request bodies, already JSON, so serialising is not part of the timing. */
  bodies: string[];
  concurrency: number;
}

/** What the load generator measured. */
export interface LoadReport {
  /** From the first request sent to the last response read. */
  seconds: number;
  /** Requests answered 201. */
  ok: number;
  /** Per request, in the order of `bodies` (0 for requests not sent after a failure). */
  latenciesMs: number[];
  failures: { index: number; status: number; body: string }[];
}
