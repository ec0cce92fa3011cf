import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backgroundSettled,
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('referrals (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;

  const count = () => countRows(ctx.services, 'referrals');
  const post = (payload: unknown, user: TestUser = analyst, headers: Record<string, string> = {}) =>
    call(ctx.app, user, { method: 'POST', url: '/api/v1/referrals', payload: payload as object, headers });

  beforeAll(async () => {
    ctx = await createTestContext(kind, { bodyLimit: 64 * 1024 });
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  it('creates a referral, normalises its identifiers and explains its priority, scored again once matched', async () => {
    const res = await post(sampleReferral({ externalIds: [{ system: 'foreign-police', id: 'NCA-0001' }] }));
    expect(res.statusCode).toBe(201);
    const { id, reference, replayed } = res.json<{ id: string; reference: string; replayed: boolean }>();
    expect(reference).toMatch(/^R-\d{7}$/);
    expect(replayed).toBe(false);
    expect(res.headers.location).toBe(`/api/v1/referrals/${id}`);

    // The file is in no list (the organisation has none): matching says so, and the referral is scored again.
    await backgroundSettled(ctx.services);
    const detail = (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${id}` })).json<{
      band: string;
      dueAt: string;
      priority: {
        band: string;
        score: number;
        factors: { name: string; weight: number; evidence: string }[];
      };
      files: { warrantRequired: boolean; md5: string }[];
      data: { reportedPersons: { identifiers: { kind: string; normalised: string }[] }[] };
      region: string;
      status: string;
    }>();
    expect(detail.status).toBe('new');
    expect(detail.region).toBe('VII');
    // Live-streaming 30 + unknown material 25 + a timestamped IP 10 + a location 5.
    expect(detail.priority).toMatchObject({ band: 'P1', score: 70, configVersion: 1, override: null });
    expect(detail.priority.factors).toEqual([
      { name: 'livestreaming', weight: 30, evidence: 'incident.type: livestreamed-abuse' },
      { name: 'unknown-material', weight: 25, evidence: 'files[0]: no match in any list' },
      {
        name: 'timestamped-identifiers',
        weight: 10,
        evidence: 'reportedPersons[0].identifiers[2].observedAt',
      },
      { name: 'location', weight: 5, evidence: 'location; reportedPersons[0].location' },
    ]);
    expect(detail.band).toBe('P1');
    // P1's target: 24 hours from receipt.
    expect(detail.dueAt).toBe('2026-10-02T08:00:00.000Z');
    expect(detail.data.reportedPersons[0]!.identifiers.map((i) => [i.kind, i.normalised])).toEqual([
      ['email', 'facilitator.demo@example.com'],
      ['phone', '+639171234567'],
      ['ip', '112.198.10.20'],
      ['screen-name', 'facebook:islandstar42'],
    ]);
    // The platform never viewed the file and it is not public: opening it needs a warrant.
    expect(detail.files).toEqual([
      expect.objectContaining({ md5: 'd41d8cd98f00b204e9800998ecf8427e', warrantRequired: true }),
    ]);
  });

  it('finds referrals by external id, identifier, region and filters, and pages them', async () => {
    const byExternal = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?externalId=NCA-0001' })
    ).json<{ items: { reference: string }[]; total: number }>();
    expect(byExternal.total).toBe(1);

    for (const q of ['facilitator.demo@example.com', '+639171234567', '112.198.10.20', 'IslandStar42']) {
      const found = (
        await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals?q=${encodeURIComponent(q)}` })
      ).json<{ total: number }>();
      expect(found.total, q).toBeGreaterThanOrEqual(1);
    }
    const none = (await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?region=NCR' })).json<{
      total: number;
    }>();
    expect(none.total).toBe(0);

    await post(
      sampleReferral({
        incident: { type: 'other' },
        location: { country: 'PH', region: 'NCR' },
        reportedPersons: [],
        files: [],
      }),
    );
    await post(
      sampleReferral({
        incident: { type: 'other', escalation: 'Child at immediate risk.' },
        reportedPersons: [],
        files: [],
      }),
    );
    await backgroundSettled(ctx.services);
    const queue = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?pageSize=2' })
    ).json<{
      items: { band: string }[];
      total: number;
      pageSize: number;
    }>();
    expect(queue.total).toBe(3);
    expect(queue.items).toHaveLength(2);
    expect(queue.items.map((i) => i.band)).toEqual(['P1', 'P1']);
    const ncr = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?region=NCR&band=P4' })
    ).json<{ total: number }>();
    expect(ncr.total).toBe(1);
    const byRef = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?sort=reference&order=asc' })
    ).json<{
      items: { reference: string }[];
    }>();
    const refs = byRef.items.map((i) => i.reference);
    expect(refs).toEqual([...refs].sort());
  });

  it('makes retries with an Idempotency-Key safe', async () => {
    const before = await count();
    const body = sampleReferral();
    const first = await post(body, analyst, { 'idempotency-key': 'retry-1' });
    const again = await post(body, analyst, { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    const conflict = await post({ ...body, notes: 'different' }, analyst, { 'idempotency-key': 'retry-1' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.field).toBe('Idempotency-Key');

    // Concurrent retries of one submission still create one referral.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => post(body, analyst, { 'idempotency-key': 'race-1' })),
    );
    expect(new Set(racing.map((r) => r.json().id)).size).toBe(1);
    expect(await count()).toBe(before + 2);
  });

  const badInputs: [string, unknown, string][] = [
    ['an unknown field', { ...sampleReferral(), colour: 'red' }, 'colour'],
    ['a wrong type', sampleReferral({ files: 'none' }), 'files'],
    ['a missing reporter', { ...sampleReferral(), reporter: undefined }, 'reporter'],
    ['an unknown incident type', sampleReferral({ incident: { type: 'CSAM' } }), 'incident.type'],
    ['a date without a time zone', sampleReferral({ receivedAt: '2026-10-01 08:00' }), 'receivedAt'],
    ['a file without any hash', sampleReferral({ files: [{ name: 'x.jpg' }] }), 'files[0]'],
    ['a bad MD5', sampleReferral({ files: [{ md5: 'xyz' }] }), 'files[0].md5'],
    [
      'an impossible phone number',
      sampleReferral({ reportedPersons: [{ identifiers: [{ kind: 'phone', value: '12' }] }] }),
      'reportedPersons[0].identifiers[0].value',
    ],
    [
      'a bad IP address',
      sampleReferral({ reportedPersons: [{ identifiers: [{ kind: 'ip', value: '300.1.1.1' }] }] }),
      'reportedPersons[0].identifiers[0].value',
    ],
  ];

  it.each(badInputs)(
    'rejects %s with a 400 naming the field, storing nothing',
    async (_name, payload, field) => {
      const before = await count();
      const res = await post(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', field });
      expect(res.json().error.message).toContain(field);
      expect(await count()).toBe(before);
    },
  );

  it('rejects malformed JSON, other content types and oversized bodies', async () => {
    const before = await count();
    const malformed = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: '{"source": "manual",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const text = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: 'source=manual',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.field).toBe('Content-Type');
    const huge = await post(sampleReferral({ notes: 'x'.repeat(100 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
    expect(await count()).toBe(before);
  });

  it('leaves no half-written referral when a write fails midway', async () => {
    const before = await count();
    const identifiersBefore = await ctx.services.db
      .selectFrom('referral_identifiers')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // Make the last insert of the transaction (the files) fail, as a crash there would.
    await sql`create function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end; $$`.execute(
      ctx.services.db,
    );
    await sql`create trigger fail_files before insert on referral_files for each row execute function fail_insert()`.execute(
      ctx.services.db,
    );
    try {
      const res = await post(sampleReferral());
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('internal');
    } finally {
      await sql`drop trigger fail_files on referral_files`.execute(ctx.services.db);
      await sql`drop function fail_insert()`.execute(ctx.services.db);
    }
    expect(await count()).toBe(before);
    const identifiersAfter = await ctx.services.db
      .selectFrom('referral_identifiers')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(identifiersAfter.n)).toBe(Number(identifiersBefore.n));
  });

  it('keeps organisations apart and routes platform reports to the intake centre', async () => {
    const own = await post(sampleReferral());
    const outsider = await createTestUser(ctx.services, 'analyst', 'Other Police Unit');
    const hidden = await call(ctx.app, outsider, {
      method: 'GET',
      url: `/api/v1/referrals/${own.json().id}`,
    });
    expect(hidden.statusCode).toBe(404);
    const outsiderQueue = await call(ctx.app, outsider, { method: 'GET', url: '/api/v1/referrals' });
    expect(outsiderQueue.json().total).toBe(0);

    const platform = await createTestUser(ctx.services, 'platform-reporter', 'Example Platform');
    const submitted = await post(
      sampleReferral({ source: 'cybertipline', reporter: { kind: 'platform', name: 'Example Platform' } }),
      platform,
    );
    expect(submitted.statusCode).toBe(201);
    const cannotRead = await call(ctx.app, platform, {
      method: 'GET',
      url: `/api/v1/referrals/${submitted.json().id}`,
    });
    expect(cannotRead.statusCode).toBe(403);
    const seenByIntake = await call(ctx.app, analyst, {
      method: 'GET',
      url: `/api/v1/referrals/${submitted.json().id}`,
    });
    expect(seenByIntake.statusCode).toBe(200);
  });

  it('validates query parameters, naming them', async () => {
    const res = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?pageSize=100000' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('query.pageSize');
    const badId = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals/not-a-uuid' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.field).toBe('params.id');
  });
});
