// Worker threads do not inherit the main thread's tsx hooks (Node 20): register them here, then load the
// worker module JobThread names (its URL arrives as workerData).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData);
