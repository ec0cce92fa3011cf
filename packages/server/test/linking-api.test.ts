import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkQueuedReferrals } from '../src/linking/worker.ts';
import {
  backgroundSettled,
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const FEDERATION_KEY = 'test-federation-key-0123456789abcdef';
const OTHER = 'Another Unit';

type Identifier = { kind: string; value: string; service?: string };

describe.each(DATABASE_KINDS)('clusters, graph and deconfliction (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let supervisor: TestUser;
  let otherAnalyst: TestUser;
  let otherSupervisor: TestUser;
  const email = { kind: 'email', value: 'shared.facilitator@example.org' };
  const phone = { kind: 'phone', value: '+639171110001' };
  let r1: string, r2: string, lone: string, rb: string;
  let otherCase: string;
  let ownCase: string;

  const submit = async (user: TestUser, identifiers: Identifier[]) => {
    const res = await call(ctx.app, user, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({ reportedPersons: [{ role: 'reported', identifiers }] }),
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const openCase = async (user: TestUser, referralIds: string[]) => {
    const res = await call(ctx.app, user, { method: 'POST', url: '/api/v1/cases', payload: { referralIds } });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const get = (user: TestUser, url: string) => call(ctx.app, user, { method: 'GET', url });

  beforeAll(async () => {
    ctx = await createTestContext(kind, { federationKey: FEDERATION_KEY });
    analyst = await createTestUser(ctx.services, 'analyst');
    supervisor = await createTestUser(ctx.services, 'supervisor');
    otherAnalyst = await createTestUser(ctx.services, 'analyst', OTHER);
    otherSupervisor = await createTestUser(ctx.services, 'supervisor', OTHER);
    r1 = await submit(analyst, [email, phone]);
    r2 = await submit(analyst, [email]);
    lone = await submit(analyst, [{ kind: 'email', value: 'nobody.else@example.org' }]);
    rb = await submit(otherAnalyst, [email]);
    ownCase = await openCase(analyst, [r2]);
    otherCase = await openCase(otherAnalyst, [rb]);
    while ((await linkQueuedReferrals(ctx.services)) > 0);
  });
  afterAll(() => ctx.close());

  it('shows a referral’s cluster: own referrals with their links, others counted, open cases by owner', async () => {
    const res = await get(analyst, `/api/v1/referrals/${r1}/cluster`);
    expect(res.statusCode).toBe(200);
    const cluster = res.json();
    expect(cluster.size).toBe(3);
    expect(cluster.membersTotal).toBe(1);
    expect(cluster.members).toEqual([
      expect.objectContaining({ id: r2, linkedBy: [{ kind: 'email', value: email.value }] }),
    ]);
    expect(cluster.otherOrganisations).toEqual([{ organisation: OTHER, referrals: 1, contact: null }]);
    expect(cluster.openCases).toEqual([
      expect.objectContaining({ own: true, id: ownCase, organisation: 'National Intake Center' }),
      // Another organisation's case: that it exists and whose it is, nothing more.
      {
        organisation: OTHER,
        own: false,
        id: null,
        reference: null,
        title: null,
        status: null,
        contact: null,
      },
    ]);
    const audit = await ctx.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'referral.cluster.read')
      .where('entity_id', '=', r1)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('answers a lone referral with a cluster of one, and another organisation with 404', async () => {
    expect((await get(analyst, `/api/v1/referrals/${lone}/cluster`)).json()).toMatchObject({
      clusterId: null,
      size: 1,
      members: [],
    });
    const foreign = await get(otherAnalyst, `/api/v1/referrals/${r1}/cluster`);
    expect(foreign.statusCode).toBe(404);
  });

  it('filters the queue by cluster size', async () => {
    const res = await get(analyst, '/api/v1/referrals?minClusterSize=3');
    expect(
      res
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([r1, r2].sort());
    const bad = await get(analyst, '/api/v1/referrals?minClusterSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('query.minClusterSize');
  });

  it('expands the graph node by node, within the organisation', async () => {
    const around = (await get(analyst, `/api/v1/graph?node=referral:${r1}`)).json();
    expect(around.center).toMatchObject({ id: `referral:${r1}`, type: 'referral' });
    const labels = around.nodes.map((n: { label: string }) => n.label).sort();
    expect(labels).toEqual([email.value, phone.value].sort());
    expect(around.edges).toHaveLength(2);
    const emailNode = around.nodes.find((n: { label: string }) => n.label === email.value);
    const phoneNode = around.nodes.find((n: { label: string }) => n.label === phone.value);

    const byEmail = (await get(analyst, `/api/v1/graph?node=${emailNode.id}`)).json();
    expect(byEmail.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [`referral:${r1}`, `referral:${r2}`].sort(),
    );
    expect(byEmail.otherOrganisationReferrals).toBe(1);
    const limited = (await get(analyst, `/api/v1/graph?node=${emailNode.id}&limit=1`)).json();
    expect(limited.nodes).toHaveLength(1);
    expect(limited.more).toEqual([{ type: 'referral', shown: 1, total: 2 }]);

    const byCase = (await get(analyst, `/api/v1/graph?node=case:${ownCase}`)).json();
    expect(byCase.nodes.map((n: { id: string }) => n.id)).toEqual([`referral:${r2}`]);

    // The other organisation has no referral with the phone: it may not even read the identifier.
    expect((await get(otherAnalyst, `/api/v1/graph?node=${phoneNode.id}`)).statusCode).toBe(404);
    expect((await get(otherAnalyst, `/api/v1/graph?node=referral:${r1}`)).statusCode).toBe(404);
    const bad = await get(analyst, '/api/v1/graph?node=person:1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('query.node');
  });

  it('deconflicts by keyed hashes: a hit names the organisation and contact, never its data', async () => {
    const first = await call(ctx.app, otherSupervisor, {
      method: 'POST',
      url: '/api/v1/deconfliction/publish',
      payload: {},
    });
    expect(first.statusCode).toBe(400);
    expect(first.json().error.field).toBe('contact');
    const contact = { name: 'Duty officer', email: 'duty@another-unit.example', phone: '+63 2 8000 0000' };
    const published = await call(ctx.app, otherSupervisor, {
      method: 'POST',
      url: '/api/v1/deconfliction/publish',
      payload: { contact },
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ organisation: OTHER, hashes: 1, contact });
    // Republishing replaces: still one publication, and it needs no contact again.
    await call(ctx.app, otherSupervisor, {
      method: 'POST',
      url: '/api/v1/deconfliction/publish',
      payload: {},
    });
    const stored = await ctx.services.db.selectFrom('deconfliction_hashes').select('hmac').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('example.org');

    const hits = (await get(analyst, `/api/v1/referrals/${r1}/deconfliction`)).json();
    expect(hits).toEqual({
      configured: true,
      hits: [
        {
          organisation: OTHER,
          contact,
          publishedAt: expect.any(String),
          imported: false,
          identifiers: [{ kind: 'email', value: email.value }],
        },
      ],
    });
    expect((await get(analyst, `/api/v1/referrals/${lone}/deconfliction`)).json().hits).toEqual([]);
    // Its own publication is no hit for the publisher.
    expect((await get(otherAnalyst, `/api/v1/referrals/${rb}/deconfliction`)).json().hits).toEqual([]);
    // The cluster now shows whom to call about the other organisation's case.
    const cluster = (await get(analyst, `/api/v1/referrals/${r1}/cluster`)).json();
    expect(cluster.openCases[1].contact).toEqual(contact);
    // Analysts cannot publish.
    const refused = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/deconfliction/publish',
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
  });

  it('exports a publication and imports another installation’s, checking every line and the key', async () => {
    const exported = await get(otherSupervisor, '/api/v1/deconfliction/export');
    expect(exported.statusCode).toBe(200);
    const lines = exported.body.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'sinag-deconfliction/1', organisation: OTHER });
    const send = (body: string) =>
      call(ctx.app, supervisor, {
        method: 'POST',
        url: '/api/v1/deconfliction/import',
        payload: body,
        headers: { 'content-type': 'application/x-ndjson' },
      });
    // A file naming one of this installation's organisations would overwrite its publication.
    const local = await send(exported.body);
    expect(local.statusCode).toBe(400);
    expect(local.json().error.field).toBe('line 1.organisation');

    const header = { ...JSON.parse(lines[0]!), organisation: 'Foreign National Center' };
    const file = [JSON.stringify(header), ...lines.slice(1)].join('\n');
    const wrongKey = await send(
      [JSON.stringify({ ...header, keyCheck: '0'.repeat(16) }), ...lines.slice(1)].join('\n'),
    );
    expect(wrongKey.json().error.field).toBe('line 1.keyCheck');
    const badLine = await send(`${file}\n{"hmac":"xyz"}`);
    expect(badLine.statusCode).toBe(400);
    expect(badLine.json().error.field).toBe(`line ${lines.length + 1}.hmac`);
    expect(
      await ctx.services.db.selectFrom('deconfliction_publications').select('id').execute(),
    ).toHaveLength(1);

    const imported = await send(file);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ organisation: 'Foreign National Center', hashes: 1 });
    const hits = (await get(analyst, `/api/v1/referrals/${r1}/deconfliction`)).json().hits;
    expect(
      hits.map((h: { organisation: string; imported: boolean }) => [h.organisation, h.imported]),
    ).toEqual([
      [OTHER, false],
      ['Foreign National Center', true],
    ]);
  });

  it('keeps a publication in step with the open cases: a closed case is withdrawn, a reopened one comes back', async () => {
    const hits = async () =>
      (await get(analyst, `/api/v1/referrals/${r1}/deconfliction`))
        .json<{ hits: { organisation: string }[] }>()
        .hits.filter((h) => h.organisation === OTHER);
    expect(await hits()).toHaveLength(1);
    const lifecycle = async (action: string) => {
      const res = await call(ctx.app, otherAnalyst, {
        method: 'POST',
        url: `/api/v1/cases/${otherCase}/${action}`,
        payload: { reason: 'Handed over to the prosecutor’s office' },
      });
      expect(res.statusCode).toBe(200);
      await backgroundSettled(ctx.services);
    };
    await lifecycle('close');
    expect(await hits()).toEqual([]);
    await lifecycle('reopen');
    expect(await hits()).toHaveLength(1);
    const republished = await ctx.services.db
      .selectFrom('audit_log')
      .select(['actor_name', 'details'])
      .where('action', '=', 'deconfliction.publish')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(republished).toEqual([
      { actor_name: 'system', details: { hashes: 1, automatic: true } },
      { actor_name: 'system', details: { hashes: 0, automatic: true } },
    ]);

    // A referral in the open case linked anew (its link keys recomputed): published again too.
    const automatic = async () =>
      (
        await ctx.services.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'deconfliction.publish')
          .where('actor_name', '=', 'system')
          .execute()
      ).length;
    const before = await automatic();
    await ctx.services.db.insertInto('link_queue').values({ referral_id: rb }).execute();
    await backgroundSettled(ctx.services);
    expect(await automatic()).toBe(before + 1);
  });

  it('says when deconfliction is not configured', async () => {
    const config = ctx.services.config;
    ctx.services.config = { ...config, federationKey: undefined };
    try {
      expect((await get(analyst, `/api/v1/referrals/${r1}/deconfliction`)).json()).toEqual({
        configured: false,
        hits: [],
      });
      const res = await call(ctx.app, supervisor, {
        method: 'POST',
        url: '/api/v1/deconfliction/publish',
        payload: {},
      });
      expect(res.statusCode).toBe(409);
    } finally {
      ctx.services.config = config;
    }
  });
});
