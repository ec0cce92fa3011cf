import { regionOf } from '@sinag/core';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeolocationDatabaseMissing, Geolocator } from '../src/geo/geolocator.ts';
import { testGeolocator } from './helpers.ts';

describe('Geolocator', () => {
  it('places public addresses, IPv4 and IPv6, and none of the private or reserved ones', async () => {
    const geo = await testGeolocator();
    expect(geo.lookup('1.1.1.1')).toMatchObject({ country: 'AU', region: 'New South Wales', city: 'Sydney' });
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'US', latitude: expect.any(Number) });
    expect(geo.lookup('2400:cb00::1')).toMatchObject({ country: 'US' });
    for (const ip of ['10.0.0.1', '192.168.1.1', '100.64.0.1', '203.0.113.5', '::1', 'fe80::1', 'nonsense'])
      expect(geo.lookup(ip), ip).toBeNull();
    expect(geo.builtAt.getFullYear()).toBeGreaterThanOrEqual(2025);
  });

  // A Philippine address for each region name the database uses (found by scanning it, June 2026 edition):
  // each must land on one of the 17 region codes. A new edition may move an address; the name must still map.
  it.each([
    ['112.198.0.1', 'NCR'],
    ['1.37.89.1', 'IV-A'],
    ['14.102.171.1', 'III'],
    ['1.37.70.1', 'VII'],
    ['27.108.32.1', 'XI'],
    ['1.37.86.1', 'VI'],
    ['27.110.175.1', 'X'],
    ['1.37.88.1', 'V'],
    ['49.150.13.1', 'I'],
    ['1.37.100.1', 'II'],
    ['27.126.156.1', 'XII'],
    ['27.110.253.1', 'MIMAROPA'],
    ['8.212.170.1', 'IX'],
    ['1.37.82.1', 'CAR'],
    ['8.212.175.1', 'VIII'],
    ['1.37.103.1', 'XIII'],
    ['49.145.218.1', 'BARMM'],
    ['2400:3d60::1', 'VII'],
    ['2402:4020::1', 'BARMM'],
  ])('%s is in region %s', async (ip, code) => {
    const place = (await testGeolocator()).lookup(ip);
    expect(place?.country).toBe('PH');
    expect(regionOf('PH', place!.region)).toBe(code);
  });

  it('refuses to start without its database, saying what to do', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sinag-geo-'));
    await expect(Geolocator.open(empty)).rejects.toThrow(GeolocationDatabaseMissing);
    await expect(Geolocator.open(empty)).rejects.toThrow(/dbip-city-ipv4\.mmdb.*npm install/);
  });
});
