import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

interface Detail {
  country: string | null;
  region: string | null;
  routedTo: string | null;
  geolocation: {
    country: string | null;
    region: string | null;
    signals: { source: string; identifier?: string; country: string; region: string | null }[];
    conflicts: { kind: string; chosen: string; other: string }[];
    unlocated: { identifier: string; reason: string }[];
  } | null;
  routing: { destination: string; reason: string; rule: { position: number } } | null;
}

const CENTRAL_VISAYAS = 'Central Visayas (VII) regional office';
const LIAISON = 'International liaison queue';

describe.each(DATABASE_KINDS)('geolocation and routing (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let admin: TestUser;

  const create = async (payload: unknown) => {
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: payload as object,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const detail = async (id: string) =>
    (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${id}` })).json<Detail>();
  const putRules = (user: TestUser, rules: unknown) =>
    call(ctx.app, user, { method: 'PUT', url: '/api/v1/routing/rules', payload: { rules } });
  /** Waits for the routing worker to empty its queue. */
  const routed = async () => {
    for (let i = 0; i < 200; i++) {
      const { n } = await ctx.services.db
        .selectFrom('routing_queue')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the routing queue did not empty');
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    admin = await createTestUser(ctx.services, 'admin');
  });
  afterAll(() => ctx.close());

  it('routes by the report’s location at intake, listing the IP in another region as a conflict', async () => {
    const d = await detail(await create(sampleReferral()));
    expect(d.routedTo).toBe(CENTRAL_VISAYAS);
    expect(d.routing).toMatchObject({ destination: CENTRAL_VISAYAS, rule: { position: 10 } });
    expect(d.routing!.reason).toMatch(
      /^The report \(location\) places it in Cebu City, Central Visayas \(VII\), PH/,
    );
    expect(d.routing!.reason).toMatch(/ip 112\.198\.10\.20.*→ rule 10 \(PH, VII\) → Central Visayas/);
    expect(d.geolocation!.signals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'ip', identifier: '112.198.10.20', country: 'PH', region: 'NCR' }),
        expect.objectContaining({ source: 'phone', identifier: '+639171234567', country: 'PH' }),
      ]),
    );
    expect(d.geolocation!.conflicts).toEqual([
      expect.objectContaining({ kind: 'region', chosen: 'VII', other: 'NCR' }),
    ]);
  });

  it('fills country and region from an IP when the report gives none, and says why an address is unplaced', async () => {
    const id = await create(
      sampleReferral({
        location: undefined,
        reportedPersons: [
          {
            identifiers: [
              { kind: 'ip', value: '1.1.1.1', observedAt: '2026-09-28T22:05:00Z' },
              { kind: 'ip', value: '192.168.0.7' },
            ],
          },
        ],
      }),
    );
    const d = await detail(id);
    expect(d).toMatchObject({ country: 'AU', region: 'New South Wales', routedTo: LIAISON });
    expect(d.routing!.reason).toBe(
      'IP 1.1.1.1 geolocates to Sydney, New South Wales, AU → rule 20 (any location) → International liaison queue',
    );
    expect(d.geolocation!.unlocated).toEqual([
      expect.objectContaining({
        identifier: '192.168.0.7',
        reason: 'a private address, not on the public internet',
      }),
    ]);
  });

  it('filters the queue by destination and by region', async () => {
    const list = async (query: string) =>
      (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals?${query}` })).json<{
        items: { routedTo: string }[];
      }>().items;
    const visayas = await list(`routedTo=${encodeURIComponent(CENTRAL_VISAYAS)}`);
    expect(visayas.length).toBeGreaterThan(0);
    expect(visayas.every((r) => r.routedTo === CENTRAL_VISAYAS)).toBe(true);
    expect((await list('routedTo=nowhere')).length).toBe(0);
    expect((await list('region=New%20South%20Wales')).map((r) => r.routedTo)).toEqual([LIAISON]);
  });

  it('lets analysts read the rules and only admins change them, refusing bad rules by field', async () => {
    const rules = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/routing/rules' });
    expect(rules.statusCode).toBe(200);
    expect(rules.json().rules).toHaveLength(20);
    expect(rules.json().rules.at(-1)).toEqual({ country: null, region: null, destination: LIAISON });

    expect((await putRules(analyst, [{ destination: LIAISON }])).statusCode).toBe(403);
    const bad = await putRules(admin, [
      { country: 'PH', region: 'Atlantis', destination: 'x' },
      { destination: LIAISON },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'rules[0].region' });
    const noDefault = await putRules(admin, [{ country: 'PH', destination: 'x' }]);
    expect(noDefault.json().error).toMatchObject({ field: 'rules[0]' });
    expect(noDefault.json().error.message).toMatch(/must match every referral/);
  });

  it('re-routes open referrals nobody took up when the rules change, and audits old and new', async () => {
    const open = await create(sampleReferral());
    const taken = await create(sampleReferral());
    await ctx.services.db
      .updateTable('referrals')
      .set({ status: 'in-review' })
      .where('id', '=', taken)
      .execute();
    const before = (await call(ctx.app, admin, { method: 'GET', url: '/api/v1/routing/rules' })).json().rules;

    const res = await putRules(admin, [
      { country: 'ph', region: 'Central Visayas', destination: 'Cebu task force' },
      { destination: LIAISON },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().rules[0]).toEqual({ country: 'PH', region: 'VII', destination: 'Cebu task force' });
    expect(res.json().rerouting).toBeGreaterThan(0);
    await routed();
    expect((await detail(open)).routing).toMatchObject({
      destination: 'Cebu task force',
      rule: { position: 1 },
    });
    expect((await detail(taken)).routedTo).toBe(CENTRAL_VISAYAS);

    const entry = await ctx.services.db
      .selectFrom('audit_log')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'routing.rules.update')
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(admin.actor.userId);
    expect(entry.details).toMatchObject({ old: before, new: res.json().rules });
    // Back to the defaults for the other tests.
    expect((await putRules(admin, before)).statusCode).toBe(200);
    await routed();
  });

  it('geolocates and routes a referral stored before routing existed', async () => {
    const id = await create(
      sampleReferral({
        location: undefined,
        reportedPersons: [{ identifiers: [{ kind: 'ip', value: '1.37.70.1' }] }],
      }),
    );
    // As migration 0011 finds an older referral: no location, no routing, queued.
    await sql`update referrals set geolocation = null, routed_to = null, routing_reason = null, routing_rule = null,
      country = null, region = null where id = ${id}`.execute(ctx.services.db);
    expect((await detail(id)).routing).toBeNull();
    await ctx.services.db.insertInto('routing_queue').values({ referral_id: id }).execute();
    await routed();
    const d = await detail(id);
    expect(d).toMatchObject({ country: 'PH', region: 'VII', routedTo: CENTRAL_VISAYAS });
    expect(d.routing!.reason).toMatch(
      /^IP 1\.37\.70\.1 geolocates to Cebu City, Central Visayas \(VII\), PH/,
    );
  });
});
