import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFacts } from '../src/linking/facts.ts';
import { mergeComponents } from '../src/linking/union.ts';
import { linkQueuedReferrals } from '../src/linking/worker.ts';
import { createReferralsBulk } from '../src/referrals/service.ts';
import type { Services } from '../src/services.ts';
import { intakeOrganisationId, SYSTEM_ACTOR } from '../src/users/service.ts';
import { createTestContext, DATABASE_KINDS, sampleReferral, type TestContext } from './helpers.ts';

type Identifier = { kind: string; value: string; service?: string; observedAt?: string };

/** Stores referrals with only the given identifiers, one list each; returns their ids. */
async function store(services: Services, identifierLists: Identifier[][]): Promise<string[]> {
  const organisationId = await intakeOrganisationId(services);
  const created = await createReferralsBulk(
    services,
    { organisationId, createdBy: null },
    SYSTEM_ACTOR,
    identifierLists.map((identifiers) => ({
      data: sampleReferral({ reportedPersons: [{ role: 'reported', identifiers }], files: [] }),
    })),
  );
  return created.map((c) => c.id);
}

async function linkAll(services: Services): Promise<void> {
  while ((await linkQueuedReferrals(services)) > 0);
}

/** The cluster of each referral (null: alone). */
async function clustersOf(services: Services, ids: string[]): Promise<(string | null)[]> {
  const rows = await services.db
    .selectFrom('referral_clusters')
    .select(['referral_id', 'cluster_id'])
    .where('referral_id', 'in', ids)
    .execute();
  const of = new Map(rows.map((r) => [r.referral_id, r.cluster_id]));
  return ids.map((id) => of.get(id) ?? null);
}

async function sizeOf(services: Services, clusterId: string): Promise<number> {
  const row = await services.db
    .selectFrom('clusters')
    .select('size')
    .where('id', '=', clusterId)
    .executeTakeFirstOrThrow();
  return row.size;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const email = (local = unique('e')) => ({ kind: 'email', value: `${local}@example.org` });
const ip = (value: string, observedAt: string, service?: string) => ({
  kind: 'ip',
  value,
  observedAt,
  ...(service ? { service } : {}),
});

describe.each(DATABASE_KINDS)('identifier linking (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it('joins referrals that share a strong identifier and records which one', async () => {
    const shared = email();
    const [a, b, alone] = await store(ctx.services, [
      [shared],
      [{ ...shared, value: ` ${shared.value.toUpperCase()}` }],
      [email()],
    ]);
    await linkAll(ctx.services);
    const [ca, cb, cAlone] = await clustersOf(ctx.services, [a!, b!, alone!]);
    expect(ca).not.toBeNull();
    expect(cb).toBe(ca);
    expect(cAlone).toBeNull();
    expect(await sizeOf(ctx.services, ca!)).toBe(2);
    const link = await ctx.services.db
      .selectFrom('referral_links')
      .innerJoin('link_keys', 'link_keys.id', 'referral_links.key_id')
      .select(['referral_links.referral_id', 'referral_links.linked_referral_id', 'link_keys.key'])
      .where('referral_links.referral_id', 'in', [a!, b!])
      .execute();
    expect(link).toEqual([{ referral_id: b, linked_referral_id: a, key: `email:${shared.value}` }]);
  });

  it('merges two clusters when a third referral links them', async () => {
    const [e1, e2] = [email(), email()];
    const phone = { kind: 'phone', value: `+6391712${String(++counter).padStart(5, '0')}` };
    const first = await store(ctx.services, [[e1], [e1, { ...email() }], [phone], [phone], [phone]]);
    await linkAll(ctx.services);
    const before = await clustersOf(ctx.services, first);
    expect(new Set(before).size).toBe(2);
    const [bridge] = await store(ctx.services, [[e1, phone, e2]]);
    await linkAll(ctx.services);
    const after = await clustersOf(ctx.services, [...first, bridge!]);
    expect(new Set(after).size).toBe(1);
    // The larger cluster (three by phone) absorbed the other.
    expect(after[0]).toBe(before[2]);
    expect(await sizeOf(ctx.services, after[0]!)).toBe(6);
    const gone = await ctx.services.db
      .selectFrom('clusters')
      .select('id')
      .where('id', '=', before[0]!)
      .execute();
    expect(gone).toEqual([]);
  });

  it('links an IP only within the time window and within one service', async () => {
    const address = `112.198.${counter % 250}.${++counter % 250}`;
    const [base, near, far, otherService, sameServiceNamed] = await store(ctx.services, [
      [ip(address, '2026-09-28T22:00:00Z')],
      [ip(address, '2026-09-28T22:45:00Z')],
      [ip(address, '2026-09-29T01:00:00Z')],
      [ip(address, '2026-09-28T22:10:00Z', 'Google')],
      [ip(address, '2026-09-28T22:20:00Z', 'UK National Crime Agency')],
    ]);
    await linkAll(ctx.services);
    const [cb, cn, cf, co, cs] = await clustersOf(ctx.services, [
      base!,
      near!,
      far!,
      otherService!,
      sameServiceNamed!,
    ]);
    expect(cb).not.toBeNull();
    expect(cn).toBe(cb);
    // The reporter is the service that saw the IP unless the identifier names one.
    expect(cs).toBe(cb);
    expect(cf).toBeNull();
    expect(co).toBeNull();
  });

  it('links an IP across services when configured', async () => {
    const address = `10.${counter % 250}.${++counter % 250}.7`;
    const config = ctx.services.config;
    // The context's background linker shares these services: it must link by the same rules as this test,
    // or it may take the two referrals off the queue first and leave them apart.
    ctx.services.config = { ...config, linking: { ...config.linking, ipAcrossServices: true } };
    try {
      const [a, b] = await store(ctx.services, [
        [ip(address, '2026-09-28T22:00:00Z', 'Facebook')],
        [ip(address, '2026-09-28T22:30:00Z', 'Google')],
      ]);
      await linkAll(ctx.services);
      const [ca, cb] = await clustersOf(ctx.services, [a!, b!]);
      expect(ca).not.toBeNull();
      expect(cb).toBe(ca);
    } finally {
      ctx.services.config = config;
    }
  });

  it('gives cluster facts: other referrals and open cases of the cluster', async () => {
    const shared = email();
    const [a, b, c, alone] = await store(ctx.services, [[shared], [shared], [shared], [email()]]);
    await linkAll(ctx.services);
    const organisationId = await intakeOrganisationId(ctx.services);
    for (const [referral, status] of [
      [b!, 'open'],
      [c!, 'closed'],
    ] as const) {
      const created = await ctx.services.db
        .insertInto('cases')
        .values({ organisation_id: organisationId, title: 'Linked', status })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ctx.services.db
        .insertInto('case_referrals')
        .values({ case_id: created.id, referral_id: referral })
        .execute();
    }
    const facts = await clusterFacts(ctx.services.db, [a!, b!, alone!]);
    expect(facts.get(a!)).toEqual({ referrals: 2, openCases: 1, financialAlerts: 0 });
    // b's own case is not a new lead for b.
    expect(facts.get(b!)).toEqual({ referrals: 2, openCases: 0, financialAlerts: 0 });
    expect(facts.get(alone!)).toEqual({ referrals: 0, openCases: 0, financialAlerts: 0 });
  });

  it('scores again only the referrals whose cluster facts changed when a cluster grows', async () => {
    const [shared, other] = [email(), email()];
    const [a, b, c, f, g, lone, inCase] = await store(ctx.services, [
      [shared],
      [shared],
      [shared],
      [other],
      [other],
      [email()],
      [email()],
    ]);
    await linkAll(ctx.services);
    const [large, small] = await clustersOf(ctx.services, [a!, f!]);
    const organisationId = await intakeOrganisationId(ctx.services);
    const open = await ctx.services.db
      .insertInto('cases')
      .values({ organisation_id: organisationId, title: 'Open', status: 'open' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.services.db
      .insertInto('case_referrals')
      .values({ case_id: open.id, referral_id: inCase! })
      .execute();
    const merge = async (nodes: string[]) =>
      (
        await ctx.services.db.transaction().execute((trx) => mergeComponents(trx, [nodes], randomUUID))
      ).referrals.sort();

    // The cluster's members already count as linked: a newcomer changes only its own facts.
    expect(await merge([`c:${large}`, `r:${lone}`])).toEqual([lone]);
    expect(await merge([`c:${large}`, `c:${small}`])).toEqual([f, g].sort());
    // A newcomer in an open case is a new lead for every member.
    expect(await merge([`c:${large}`, `r:${inCase}`])).toEqual([a, b, c, f, g, lone, inCase].sort());
    expect(await clustersOf(ctx.services, [f!, lone!, inCase!])).toEqual([large, large, large]);
    expect(await sizeOf(ctx.services, large!)).toBe(7);
  });

  it('links a chain correctly with linkers running at once', async () => {
    const emails = Array.from({ length: 41 }, () => email());
    // Referral i shares an email with i + 1: one chain of 40.
    const ids = await store(
      ctx.services,
      Array.from({ length: 40 }, (_, i) => [emails[i]!, emails[i + 1]!]),
    );
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while ((await linkQueuedReferrals(ctx.services, 3)) > 0);
      }),
    );
    await linkAll(ctx.services);
    const clusters = await clustersOf(ctx.services, ids);
    expect(new Set(clusters).size).toBe(1);
    expect(clusters[0]).not.toBeNull();
    expect(await sizeOf(ctx.services, clusters[0]!)).toBe(40);
  });
});
