import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `exportName(input)` from the module at `moduleUrl` in a new Node process and returns its result.
 * For benchmarks whose memory is a figure: the process holds nothing but what they build (not the server
 * modules, nor what earlier benchmarks left behind), so its RSS and peak RSS are theirs. Input and result
 * travel as JSON; the child's output goes to this process's.
 */
export function runIsolated<I, O>(moduleUrl: string, exportName: string, input: I): Promise<O> {
  const entry = fileURLToPath(new URL('./isolated-entry.js', import.meta.url));
  const child = fork(entry, [JSON.stringify({ moduleUrl, exportName, input })], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let reply: { result?: O; error?: string } | undefined;
    child.on('message', (message) => (reply = message as typeof reply));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply?.error !== undefined) reject(new Error(reply.error));
      else if (reply) resolve(reply.result as O);
      else reject(new Error(`${exportName} ended (${signal ?? `exit code ${code}`}) without a result`));
    });
  });
}
