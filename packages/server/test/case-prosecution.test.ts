import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubject, addVictim, auditEntries, openCase, sampleEvidence } from './case-justice-fixtures.ts';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('statute catalogue and prosecution (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let prosecutor: TestUser;
  let admin: TestUser;
  let caseId: string;
  let subjectId: string;
  let statutes: { id: string; code: string; section: string; jurisdiction: string; title: string }[];

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    prosecutor = await createTestUser(ctx.services, 'prosecutor');
    admin = await createTestUser(ctx.services, 'admin');
    caseId = await openCase(ctx, analyst);
    subjectId = await addSubject(ctx.services, caseId, 'Subject A (facilitator)');
    statutes = (await call(ctx.app, prosecutor, { method: 'GET', url: '/api/v1/statutes' })).json().items;
  });
  afterAll(() => ctx.close());

  const statute = (code: string, section = '') =>
    statutes.find((s) => s.code === code && s.section === section)!;
  const prosecution = (path = '') => `/api/v1/cases/${caseId}/prosecution${path}`;

  it('seeds the catalogue with the Philippine, UK and US offences', () => {
    const names = statutes.map((s) => `${s.jurisdiction} ${s.code} ${s.section}`.trim());
    expect(names).toEqual(
      expect.arrayContaining([
        'PH RA 11930',
        'PH RA 9208 Sec. 6',
        'PH RA 9775',
        'PH RA 7610',
        'PH RA 10175',
        'GB Sexual Offences Act 2003 s.47',
        'GB Sexual Offences Act 2003 s.48',
        'GB Sexual Offences Act 2003 s.72',
        'US 18 U.S.C. § 2251',
        'US 18 U.S.C. § 2252',
        'US 18 U.S.C. § 2422',
      ]),
    );
    expect(statute('RA 9208', 'Sec. 6').title).toBe('Qualified trafficking in persons');
  });

  it('lets admins add, correct and retire offences, and no one else', async () => {
    const payload = {
      jurisdiction: 'AU',
      code: 'Criminal Code Act 1995',
      section: 's.474.25A',
      title: 'Engaging in sexual activity with a child using a carriage service',
    };
    const created = await call(ctx.app, admin, { method: 'POST', url: '/api/v1/statutes', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...payload, note: null, active: true });
    const retry = await call(ctx.app, admin, { method: 'POST', url: '/api/v1/statutes', payload });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(created.json().id);
    const clash = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/statutes',
      payload: { ...payload, title: 'Other' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.field).toBe('section');
    const bad = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/statutes',
      payload: { ...payload, jurisdiction: 'Australia' },
    });
    expect(bad.json().error.field).toBe('jurisdiction');
    const retired = await call(ctx.app, admin, {
      method: 'PUT',
      url: `/api/v1/statutes/${created.json().id}`,
      payload: { ...payload, active: false },
    });
    expect(retired.json().active).toBe(false);
    const active = (await call(ctx.app, prosecutor, { method: 'GET', url: '/api/v1/statutes' })).json().items;
    expect(active.map((s: { id: string }) => s.id)).not.toContain(created.json().id);
    const all = (
      await call(ctx.app, prosecutor, { method: 'GET', url: '/api/v1/statutes?includeRetired=true' })
    ).json().items;
    expect(all.map((s: { id: string }) => s.id)).toContain(created.json().id);
    const missing = await call(ctx.app, admin, {
      method: 'PUT',
      url: '/api/v1/statutes/00000000-0000-4000-8000-000000000000',
      payload,
    });
    expect(missing.statusCode).toBe(404);
    const denied = await call(ctx.app, prosecutor, { method: 'POST', url: '/api/v1/statutes', payload });
    expect(denied.statusCode).toBe(403);
    expect((await auditEntries(ctx.services, 'statute.update')).at(-1)).toMatchObject({
      entity_id: created.json().id,
    });
  });

  it('charges an accused, records court, hearings, a plea, verdict, sentence and appeal', async () => {
    const court = await call(ctx.app, prosecutor, {
      method: 'PUT',
      url: prosecution('/court'),
      payload: { court: 'RTC Branch 12, Cebu City', courtCaseNumber: 'R-CEB-26-01234-CR' },
    });
    expect(court.json()).toMatchObject({
      court: 'RTC Branch 12, Cebu City',
      courtCaseNumber: 'R-CEB-26-01234-CR',
    });
    const charge = { subjectId, statuteId: statute('RA 9208', 'Sec. 6').id, counts: 2 };
    const charged = await call(ctx.app, prosecutor, {
      method: 'POST',
      url: prosecution('/charges'),
      payload: charge,
    });
    expect(charged.statusCode).toBe(200);
    await call(ctx.app, prosecutor, { method: 'POST', url: prosecution('/charges'), payload: charge });
    await call(ctx.app, prosecutor, {
      method: 'POST',
      url: prosecution('/charges'),
      payload: { subjectId, statuteId: statute('RA 11930').id },
    });
    const view = (await call(ctx.app, prosecutor, { method: 'GET', url: prosecution() })).json();
    expect(view.charges).toHaveLength(2);
    expect(view.charges[0]).toMatchObject({
      subject: { id: subjectId, label: 'Subject A (facilitator)' },
      statute: { code: 'RA 9208', section: 'Sec. 6' },
      counts: 2,
      verdict: null,
      appeal: null,
    });
    const chargeId = view.charges[0].id;

    const hearing = { at: '2026-11-10T09:00:00+08:00', kind: 'arraignment', outcome: 'Pleaded not guilty' };
    await call(ctx.app, prosecutor, { method: 'POST', url: prosecution('/hearings'), payload: hearing });
    const hearings = (
      await call(ctx.app, prosecutor, { method: 'POST', url: prosecution('/hearings'), payload: hearing })
    ).json().hearings;
    expect(hearings).toEqual([
      {
        id: expect.any(String),
        at: '2026-11-10T01:00:00.000Z',
        kind: 'arraignment',
        outcome: 'Pleaded not guilty',
      },
    ]);
    const plea = await call(ctx.app, prosecutor, {
      method: 'POST',
      url: prosecution('/pleas'),
      payload: {
        subjectId,
        offeredOn: '2026-11-20',
        summary: 'Plea to a lesser offence under RA 7610',
      },
    });
    expect(plea.json().pleas).toMatchObject([
      { subject: { id: subjectId }, status: 'proposed', offeredOn: '2026-11-20' },
    ]);

    const held = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/hearings/${hearings[0].id}`),
      payload: { outcome: 'Arraigned; trial set for January' },
    });
    expect(held.json().hearings[0].outcome).toBe('Arraigned; trial set for January');
    const approved = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/pleas/${plea.json().pleas[0].id}`),
      payload: { status: 'approved' },
    });
    expect(approved.json().pleas[0].status).toBe('approved');
    const badStatus = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/pleas/${plea.json().pleas[0].id}`),
      payload: { status: 'maybe' },
    });
    expect(badStatus.json().error.field).toBe('status');
    const proposedAgain = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/pleas/${plea.json().pleas[0].id}`),
      payload: { status: 'proposed' },
    });
    expect(proposedAgain.statusCode).toBe(400);
    expect(proposedAgain.json().error.field).toBe('status');
    const noHearing = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution('/hearings/00000000-0000-4000-8000-000000000000'),
      payload: { outcome: 'x' },
    });
    expect(noHearing.statusCode).toBe(404);
    expect((await auditEntries(ctx.services, 'plea.update')).at(-1)).toMatchObject({
      details: { caseId, status: 'approved' },
    });

    const outcome = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/charges/${chargeId}`),
      payload: { verdict: 'convicted', verdictOn: '2027-03-01', sentence: 'Life imprisonment and a fine' },
    });
    expect(outcome.statusCode).toBe(200);
    const appealed = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/charges/${chargeId}`),
      payload: { appeal: { status: 'filed', filedOn: '2027-03-10' } },
    });
    expect(appealed.json().charges[0]).toMatchObject({
      verdict: 'convicted',
      verdictOn: '2027-03-01',
      sentence: 'Life imprisonment and a fine',
      appeal: { status: 'filed', filedOn: '2027-03-10', outcome: null },
    });
    expect((await auditEntries(ctx.services, 'charge.create')).length).toBe(2);
    expect((await auditEntries(ctx.services, 'hearing.create')).length).toBe(1);
    expect((await auditEntries(ctx.services, 'charge.update')).at(-1)).toMatchObject({
      entity_id: chargeId,
      details: { caseId, changed: ['appeal'] },
    });
    const events = await ctx.services.db
      .selectFrom('case_events')
      .select('kind')
      .where('case_id', '=', caseId)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['charge.add', 'hearing.add', 'plea.add', 'charge.outcome']),
    );
  });

  it.each([
    [
      '/charges',
      {
        subjectId: '00000000-0000-4000-8000-000000000000',
        statuteId: '00000000-0000-4000-8000-000000000000',
      },
      'subjectId',
    ],
    ['/charges', { statuteId: '00000000-0000-4000-8000-000000000000' }, 'subjectId'],
    ['/charges', { subjectId: 'x', statuteId: '00000000-0000-4000-8000-000000000000' }, 'subjectId'],
    ['/hearings', { at: '2026-11-10', kind: 'arraignment' }, 'at'],
    ['/hearings', { at: '2026-11-10T09:00:00Z', kind: 'party' }, 'kind'],
    [
      '/pleas',
      { subjectId: '00000000-0000-4000-8000-000000000000', offeredOn: '20 Nov', summary: 'x' },
      'offeredOn',
    ],
  ])('rejects a bad %s body naming the field (%#)', async (path, payload, field) => {
    const before = await countRows(ctx.services, 'case_events');
    const res = await call(ctx.app, prosecutor, { method: 'POST', url: prosecution(path), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect(await countRows(ctx.services, 'case_events')).toBe(before);
  });

  it('refuses an unknown offence, a sentence without a conviction, and another case’s charge', async () => {
    const unknown = await call(ctx.app, prosecutor, {
      method: 'POST',
      url: prosecution('/charges'),
      payload: { subjectId, statuteId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.json().error.field).toBe('statuteId');
    const chargeId = (await call(ctx.app, prosecutor, { method: 'GET', url: prosecution() })).json()
      .charges[1].id;
    const sentence = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: prosecution(`/charges/${chargeId}`),
      payload: { verdict: 'acquitted', sentence: '10 years' },
    });
    expect(sentence.json().error.field).toBe('sentence');
    const otherCase = await openCase(ctx, analyst);
    const elsewhere = await call(ctx.app, prosecutor, {
      method: 'PATCH',
      url: `/api/v1/cases/${otherCase}/prosecution/charges/${chargeId}`,
      payload: { verdict: 'dismissed' },
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('flags a recorded disclosure interview once, its recording visible only to team and prosecutors', async () => {
    const victim = await addVictim(ctx.services, caseId);
    const open = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: sampleEvidence('E-open'),
    });
    const recording = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: { ...sampleEvidence('DI-1'), restricted: true, description: 'Recorded disclosure interview' },
    });
    const flag = (evidenceId: string) =>
      call(ctx.app, analyst, {
        method: 'POST',
        url: prosecution('/disclosure-interviews'),
        payload: {
          victimId: victim.id,
          evidenceId,
          recordedOn: '2026-10-05',
          recordedBy: 'Women and Children Protection Center',
        },
      });
    const unrestricted = await flag(open.json().id);
    expect(unrestricted.statusCode).toBe(400);
    expect(unrestricted.json().error.field).toBe('evidenceId');
    const flagged = await flag(recording.json().id);
    expect(flagged.json().disclosureInterviews).toEqual([
      {
        victimPseudonym: victim.pseudonym,
        recordedOn: '2026-10-05',
        recordedBy: 'Women and Children Protection Center',
        evidenceId: recording.json().id,
      },
    ]);
    expect((await flag(recording.json().id)).statusCode).toBe(200);
    const second = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: { ...sampleEvidence('DI-2'), restricted: true, sha256: 'c'.repeat(64) },
    });
    const repeated = await flag(second.json().id);
    expect(repeated.statusCode).toBe(409);
    expect(repeated.json().error.field).toBe('victimId');

    const before = (await auditEntries(ctx.services, 'disclosure-interview.reference-read')).length;
    const asProsecutor = (await call(ctx.app, prosecutor, { method: 'GET', url: prosecution() })).json();
    expect(asProsecutor.disclosureInterviews[0].evidenceId).toBe(recording.json().id);
    expect((await auditEntries(ctx.services, 'disclosure-interview.reference-read')).length).toBe(before + 1);
    const socialWorker = await createTestUser(ctx.services, 'social-worker');
    const asSocialWorker = (await call(ctx.app, socialWorker, { method: 'GET', url: prosecution() })).json();
    expect(asSocialWorker.disclosureInterviews).toEqual([
      expect.objectContaining({ victimPseudonym: victim.pseudonym, evidenceId: null }),
    ]);
  });

  it('answers 404 for another organisation’s case and 403 without the permission', async () => {
    const outsider = await createTestUser(ctx.services, 'prosecutor', 'Another Unit');
    expect((await call(ctx.app, outsider, { method: 'GET', url: prosecution() })).statusCode).toBe(404);
    const hearing = { at: '2026-12-01T09:00:00Z', kind: 'trial' };
    expect(
      (await call(ctx.app, outsider, { method: 'POST', url: prosecution('/hearings'), payload: hearing }))
        .statusCode,
    ).toBe(404);
    const investigator = await createTestUser(ctx.services, 'investigator');
    expect(
      (await call(ctx.app, investigator, { method: 'POST', url: prosecution('/hearings'), payload: hearing }))
        .statusCode,
    ).toBe(403);
  });
});
