import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import type { Services } from '../src/services.ts';
import { bootstrap, createUser, intakeOrganisationId, SYSTEM_ACTOR } from '../src/users/service.ts';
import { Vault } from '../src/vault/vault.ts';
import { createServerEvents } from '../src/events.ts';
import { HashSetIndex } from '../src/matching/hash-set-index.ts';
import { VERSION } from '../src/version.ts';
import { testConfig, testGeolocator } from './helpers.ts';

describe('first start', () => {
  it('creates the admin once, adopts one made by hand, and reserves the CLI account name', async () => {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    const services: Services = {
      db: database.db,
      dbKind: 'pglite',
      config: testConfig(),
      vault: new Vault(randomBytes(32)),
      version: VERSION,
      events: createServerEvents(),
      hashIndex: new HashSetIndex(),
      geolocator: await testGeolocator(),
    };
    try {
      const cli = { ...SYSTEM_ACTOR, name: 'cli:test' };
      await expect(
        createUser(services, cli, { username: 'local-cli', role: 'admin', organisation: 'X' }),
      ).rejects.toThrow(/reserved/);
      const handMade = await createUser(services, cli, {
        username: 'admin',
        role: 'admin',
        organisation: 'PICACC',
      });

      const first = await bootstrap(services, {});
      expect(first).toEqual({ created: true });
      expect(await intakeOrganisationId(services)).toBe(handMade.user.organisation.id);
      expect(await bootstrap(services, {})).toEqual({ created: false });
      const admins = await services.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'admin')
        .execute();
      expect(admins).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
