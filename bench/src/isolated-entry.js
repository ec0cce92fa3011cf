// The child process of runIsolated() (isolated.ts): tsx hooks first, as in bin/sinag-bench.js, then one
// exported function of a benchmark module; its result, or its error, goes back to the parent over IPC.
import { register } from 'tsx/esm/api';

register();
const { moduleUrl, exportName, input } = JSON.parse(process.argv[2]);
try {
  const module = await import(moduleUrl);
  process.send({ result: await module[exportName](input) });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
}
process.disconnect();
