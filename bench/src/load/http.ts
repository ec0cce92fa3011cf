import { Agent, request } from 'node:http';

/**
 * A lean keep-alive HTTP client for the load generators. `fetch` (undici) costs several times more CPU per
 * request, and on a 2-core machine the client's CPU is taken from the server being measured.
 */
export class LoopbackClient {
  private readonly agent: Agent;

  constructor(
    private readonly origin: URL,
    connections: number,
  ) {
    if (origin.hostname !== '127.0.0.1')
      throw new Error(`the load generator only targets 127.0.0.1, not ${origin.host}`);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  post(
    path: string,
    headers: Record<string, string>,
    body: string | Buffer,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.origin.hostname,
          port: this.origin.port,
          path: new URL(path, this.origin).pathname,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A multipart/form-data body of text fields and one file, as a browser or an HTTP library would send it. */
export function multipartBody(
  fields: Record<string, string>,
  file: { field: string; name: string; type: string; bytes: Buffer },
): { type: string; body: Buffer } {
  const boundary = `----sinag-bench-${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const fileHead =
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\n` +
    `Content-Type: ${file.type}\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(parts.join('') + fileHead),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}
