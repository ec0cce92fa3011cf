import type { Services } from '@sinag/server';
import { sql } from 'kysely';

/** Work the server derives from a stored referral in the background. */
const QUEUES = ['match_queue', 'link_queue', 'triage_queue', 'routing_queue'];

export async function existingQueues(services: Services): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name in (${sql.join(QUEUES)})`.execute(services.db);
  return rows.map((r) => r.table_name);
}

export async function queued(services: Services, queues: string[]): Promise<number> {
  let total = 0;
  for (const table of queues) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
      services.db,
    );
    total += Number(rows[0]!.n);
  }
  return total;
}

/** Waits, looking every `pollMs`, until the tables are empty; returns how long that took in ms. */
export async function drained(
  services: Services,
  tables: string[],
  pollMs: number,
  waiting: (left: number) => void = () => {},
): Promise<number> {
  const start = performance.now();
  for (let left = await queued(services, tables); left > 0; left = await queued(services, tables)) {
    waiting(left);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return performance.now() - start;
}

/**
 * Waits until linking, scoring, matching and routing have done what stored referrals queued, then vacuums and
 * analyses as autovacuum would once the load settles (statistics, and the visibility map index-only scans
 * need): what is timed next does not share the machine with that work.
 */
export async function settleDerivedWork(services: Services, log: (line: string) => void): Promise<void> {
  await drained(services, await existingQueues(services), 5000, (left) =>
    log(`  waiting for derived work: ${left.toLocaleString()} queued`),
  );
  await sql`vacuum analyze`.execute(services.db);
}
