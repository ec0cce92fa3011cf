// Worker threads do not inherit the parent's tsx hooks (Node 20): register them, then load the worker.
// The same in the CLI, the benchmarks and Vitest, which all run the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
await import('./hash-worker.ts');
