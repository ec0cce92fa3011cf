import { openFixture, type Fixture } from '../fixture.ts';
import type { BenchDatabase, BenchOptions } from '../options.ts';
import type { Benchmark, BenchResult } from './types.ts';

/** What a benchmark measured; which benchmark and database it was are filled in by defineBenchmark. */
export type Measurement = Omit<BenchResult, 'name' | 'database' | 'storage' | 'databaseVersion'>;

interface Closeable {
  close(): Promise<void>;
}

export interface MeasureContext {
  fixture: Fixture;
  options: BenchOptions;
  log: (line: string) => void;
  /** Closes `resource` when the run ends, however it ends (latest tracked first), before the fixture. */
  track<T extends Closeable>(resource: T): T;
}

export interface BenchmarkSpec {
  name: string;
  description: string;
  /** See Benchmark.onlyOn. */
  onlyOn?: BenchDatabase;
  /** A PostgreSQL schema kept between runs for a dataset too big to rebuild each time. */
  keptSchema?: (options: BenchOptions) => string;
  measure(context: MeasureContext): Promise<Measurement>;
}

/** A benchmark whose every run gets a fresh database, closed with whatever the run started. */
export function defineBenchmark({
  name,
  description,
  onlyOn,
  keptSchema,
  measure,
}: BenchmarkSpec): Benchmark {
  return {
    name,
    description,
    onlyOn,
    async run(database, options, log) {
      if (database === 'none') throw new Error(`${name} needs a database`);
      const fixture = await openFixture(database, options.postgresUrl, keptSchema?.(options));
      const resources: Closeable[] = [];
      const track = <T extends Closeable>(resource: T): T => {
        resources.unshift(resource);
        return resource;
      };
      try {
        const measured = await measure({ fixture, options, log, track });
        return {
          name,
          database,
          storage: fixture.storage,
          databaseVersion: fixture.databaseVersion,
          ...measured,
        };
      } finally {
        for (const resource of resources) await resource.close();
        await fixture.close();
      }
    },
  };
}
