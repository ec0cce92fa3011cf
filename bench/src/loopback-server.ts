import { buildApp, type Services } from '@sinag/server';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

/** Request logs are produced (level info, as by default) but not written anywhere. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

/** How the server logged, for a result's params. */
export const SERVER_LOG_LEVEL = 'info (discarded)';

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:54321 */
  origin: string;
  close(): Promise<void>;
}

/** The full HTTP app on a free 127.0.0.1 port, as the HTTP benchmarks call it. */
export async function startLoopbackServer(services: Services): Promise<LoopbackServer> {
  const app = await buildApp(services, { logStream: discard() });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
    },
  };
}
