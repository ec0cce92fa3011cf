import type { Services } from '@sinag/server';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS = 100;

/**
 * CPU milliseconds used so far by this process's PostgreSQL backends, by pid — those of the connections named
 * with this run's application_name (`PGAPPNAME=… npm run bench`), read from /proc, so a shared server's other
 * sessions do not count. Undefined for PGlite (it runs in this process) or when the backends are not visible.
 */
export async function backendCpuMs(services: Services): Promise<Map<number, number> | undefined> {
  if (services.dbKind !== 'postgres') return undefined;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where application_name <> '' and application_name = current_setting('application_name')`.execute(
    services.db,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const used = statCpuMs(`/proc/${pid}/stat`);
    if (used === undefined) return undefined;
    cpu.set(pid, used);
  }
  return cpu.size ? cpu : undefined;
}

/** CPU milliseconds of a process or thread, from its `stat` file; undefined where there is no /proc. */
function statCpuMs(path: string): number | undefined {
  try {
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds used so far by this process's main thread alone: the server's, where a benchmark's load
 * generator runs on a worker thread.
 */
export function mainThreadCpuMs(): number | undefined {
  return statCpuMs(`/proc/${process.pid}/task/${process.pid}/stat`);
}

/** CPU milliseconds the backends used between two readings (a backend opened since counts from zero). */
export function backendCpuSince(
  before: Map<number, number> | undefined,
  after: Map<number, number> | undefined,
) {
  if (!before || !after) return undefined;
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

/** Milliseconds of a `process.cpuUsage()` reading (user and system). */
export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
