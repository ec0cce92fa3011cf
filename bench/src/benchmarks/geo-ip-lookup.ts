import { SeededRandom } from '@sinag/core';
import { Geolocator } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { round } from '../stats.ts';
import type { Benchmark } from './types.ts';

const BATCH = 100_000;

/** The IPv6 blocks the regional registries hand out most from (APNIC, ARIN, RIPE, LACNIC, AFRINIC). */
const IPV6_BLOCKS = [
  0x2001, 0x2400, 0x2401, 0x2402, 0x2403, 0x2404, 0x2405, 0x2406, 0x2600, 0x2601, 0x2602, 0x2603, 0x2604,
  0x2605, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2c0f,
];

/**
 * A referral's mix of addresses: 70% IPv4 (public first octets), 30% IPv6 in allocated blocks, and a
 * quarter of them repeats of earlier ones (shared and carrier-grade NAT addresses recur across reports).
 */
function addresses(count: number, seed: number): string[] {
  const random = new SeededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length > 100 && random.chance(0.25)) {
      out.push(out[random.int(0, out.length - 1)]!);
    } else if (random.chance(0.7)) {
      let first = random.int(1, 223);
      while (first === 10 || first === 127 || first === 100) first = random.int(1, 223);
      out.push(`${first}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`);
    } else {
      const block = IPV6_BLOCKS[random.int(0, IPV6_BLOCKS.length - 1)]!;
      const hex = () => random.int(0, 0xffff).toString(16);
      out.push(`${block.toString(16)}:${hex()}:${hex()}::${hex()}`);
    }
  }
  return out;
}

/** Geolocator.lookup over a realistic mix of addresses, in memory (target ≥ 200,000 lookups/s). */
export const geoIpLookup: Benchmark = {
  name: 'geo.ip-lookup',
  description: 'IP geolocation (DB-IP city lite in memory): lookups/s over a mix of IPv4 and IPv6 addresses',
  withoutDatabase: true,
  async run(_database, options, log) {
    const lookups = options.quick ? 200_000 : 2_000_000;
    const openStarted = performance.now();
    const geolocator = await Geolocator.open();
    const openSeconds = (performance.now() - openStarted) / 1000;
    const sample = addresses(lookups, options.seed);
    // Answers known from the database: a wrong reader or field layout fails the run instead of timing it.
    if (geolocator.lookup('1.1.1.1')?.country !== 'AU' || geolocator.lookup('10.0.0.1') !== null)
      throw new Error('the IP database gives unexpected answers');
    log(`warm-up: ${BATCH} lookups`);
    for (let i = 0; i < BATCH; i++) geolocator.lookup(sample[i]!);
    log(`timed: ${lookups} lookups`);
    let placed = 0;
    const started = performance.now();
    for (let i = 0; i < lookups; i++) if (geolocator.lookup(sample[i]!)) placed++;
    const seconds = (performance.now() - started) / 1000;
    log(`${Math.round(lookups / seconds)} lookups/s, ${placed} placed`);
    return {
      name: 'geo.ip-lookup',
      database: 'none',
      storage: 'memory',
      databaseVersion: `DB-IP city lite, built ${geolocator.builtAt.toISOString().slice(0, 10)}`,
      unit: 'lookup',
      operations: lookups,
      seconds: round(seconds, 3),
      opsPerSecond: round(lookups / seconds, 1),
      latency: null,
      warmup: BATCH,
      params: { ipv4Share: 0.7, repeatShare: 0.25, seed: options.seed, openSeconds: round(openSeconds, 2) },
      checks: { lookups, placed },
    };
  },
};
