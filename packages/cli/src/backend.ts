import type { AuditActor, Config, Services } from '@sinag/server';
import os from 'node:os';
import { loadServer } from './server.ts';

/** A JSON call to a running Sinag server's API. */
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** fetch, with an unreachable server reported as such rather than as "fetch failed". */
export async function reach(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new ApiError(
      0,
      `cannot reach ${url.origin}${cause ? ` (${cause})` : ''}: is the Sinag server running there?`,
    );
  }
}

/** A request whose body or answer is not JSON (a file streamed up or down); a 4xx/5xx throws ApiError. */
export type ApiSend = (method: string, path: string, body?: ReadableStream<Uint8Array>) => Promise<Response>;

function apiSender(baseUrl: string, token: string): ApiSend {
  return async (method, path, body) => {
    const response = await reach(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(body ? { body, duplex: 'half' } : {}),
    } as RequestInit);
    if (!response.ok) {
      const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new ApiError(response.status, payload.error?.message ?? `HTTP ${response.status}`);
    }
    return response;
  };
}

export function apiClient(baseUrl: string, token: string): ApiCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await reach(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!response.ok)
      throw new ApiError(response.status, payload.error?.message ?? `HTTP ${response.status}`);
    return payload as T;
  };
}

/** How a command acting directly on the database appears in the audit log. */
export function cliActor(): AuditActor {
  return { userId: null, name: `cli:${os.userInfo().username}`, organisationId: null, ip: null };
}

/**
 * Runs a command against the data: through the running server's API when a server holds the embedded
 * database (it belongs to one process), otherwise by opening the database directly.
 */
export async function withBackend<T>(handlers: {
  api: (call: ApiCall, config: Config, send: ApiSend) => Promise<T>;
  direct: (services: Services, config: Config) => Promise<T>;
}): Promise<T> {
  const { loadConfig, openServices, readServerLock } = await loadServer();
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : readServerLock(config.dataDir);
  if (lock) return handlers.api(apiClient(lock.url, lock.token), config, apiSender(lock.url, lock.token));
  const services = await openServices(config);
  try {
    return await handlers.direct(services, config);
  } finally {
    await services.close();
  }
}
