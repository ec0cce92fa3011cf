import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A token saved by `sinag login`, for commands that talk to a remote server. */
export interface SavedCredentials {
  url: string;
  username: string;
  token: string;
}

export function credentialsPath(): string {
  return process.env.SINAG_CREDENTIALS ?? path.join(os.homedir(), '.config', 'sinag', 'credentials.json');
}

export function saveCredentials(credentials: SavedCredentials): string {
  const file = credentialsPath();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return file;
}

export function loadCredentials(): SavedCredentials | undefined {
  try {
    return JSON.parse(readFileSync(credentialsPath(), 'utf8')) as SavedCredentials;
  } catch {
    return undefined;
  }
}
