import { RISK_QUESTIONNAIRE } from '@sinag/core';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../src/vault/vault.ts';
import { auditEntries, openCase, timeline } from './case-fixtures.ts';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const CHILD_NAME = 'Tala-Test-Child-Name';
const REASON = 'Preparing the court testimony schedule with the prosecutor';

const allNo = () => Object.fromEntries(RISK_QUESTIONNAIRE.questions.map((q) => [q.id, 'no']));

describe.each(DATABASE_KINDS)('case people (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let lead: TestUser;
  let socialWorker: TestUser;
  let prosecutor: TestUser;
  let outsider: TestUser;
  let caseId: string;
  let referralId: string;
  const url = (path = '') => `/api/v1/cases/${caseId}${path}`;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    lead = await createTestUser(ctx.services, 'investigator');
    socialWorker = await createTestUser(ctx.services, 'social-worker');
    prosecutor = await createTestUser(ctx.services, 'prosecutor');
    outsider = await createTestUser(ctx.services, 'investigator', 'Another Unit');
    ({ caseId, referralId } = await openCase(
      ctx,
      analyst,
      lead,
      sampleReferral({
        victims: [{ ageYears: 9, sex: 'female', location: { country: 'PH', region: 'VII' } }],
      }),
    ));
  });
  afterAll(() => ctx.close());

  describe('subjects', () => {
    it('links picked referral identifiers and normalises new ones, linking those the referrals hold', async () => {
      const listed = await call(ctx.app, lead, { method: 'GET', url: url('/identifiers') });
      expect(listed.statusCode).toBe(200);
      const email = listed.json().items.find((i: { kind: string }) => i.kind === 'email');
      expect(email).toMatchObject({
        referralId,
        value: 'facilitator.demo@example.com',
        personRole: 'reported',
      });

      const res = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/subjects'),
        payload: {
          label: 'Subject Alpha',
          nationality: 'PH',
          identifiers: [
            { kind: 'email', value: email.value, referralId },
            { kind: 'phone', value: '0917 123 4567' },
            { kind: 'email', value: 'New.Address@Example.org' },
          ],
        },
      });
      expect(res.statusCode).toBe(201);
      const subject = res.json();
      expect(subject).toMatchObject({
        label: 'Subject Alpha',
        riskLevel: null,
        arrest: null,
        guardianConflict: false,
      });
      expect(subject.identifiers).toEqual([
        expect.objectContaining({ kind: 'email', value: 'facilitator.demo@example.com', referralId }),
        expect.objectContaining({ kind: 'email', value: 'new.address@example.org', referralId: null }),
        expect.objectContaining({ kind: 'phone', value: '+639171234567', referralId }),
      ]);
      const events = await timeline(ctx.services, caseId);
      expect(events.at(-1)).toMatchObject({ kind: 'subject.add', summary: 'Subject added: Subject Alpha' });
      expect((await auditEntries(ctx.services, 'subject.create'))[0]).toMatchObject({
        entity_id: subject.id,
      });
    });

    it('names the bad identifier and stores nothing', async () => {
      const before = await countRows(ctx.services, 'case_subjects');
      const bad = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/subjects'),
        payload: {
          label: 'X',
          identifiers: [
            { kind: 'phone', value: '0917' },
            { kind: 'email', value: 'nope' },
          ],
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('identifiers.0.value');
      const foreign = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/subjects'),
        payload: { label: 'X', identifiers: [{ kind: 'email', value: 'other@example.com', referralId }] },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.message).toContain('not an identifier of referral');
      expect(await countRows(ctx.services, 'case_subjects')).toBe(before);
    });

    it('keeps every risk assessment version; the subject shows the newest level', async () => {
      const subject = await addSubject('Subject Risk');
      const missing = await call(ctx.app, lead, {
        method: 'POST',
        url: url(`/subjects/${subject}/risk-assessments`),
        payload: { answers: { ...allNo(), travel: undefined } },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.field).toBe('answers.travel');

      const first = await assess(subject, allNo());
      expect(first).toMatchObject({ version: 1, level: 'low', total: 0 });
      const second = await assess(subject, { ...allNo(), 'ongoing-abuse': 'yes' });
      expect(second).toMatchObject({ version: 2, level: 'very-high', raisedBy: ['ongoing-abuse'] });
      expect(second.sections['other-factors']).toBe(4);

      const history = await call(ctx.app, prosecutor, {
        method: 'GET',
        url: url(`/subjects/${subject}/risk-assessments`),
      });
      expect(
        history.json().items.map((a: { version: number; level: string }) => [a.version, a.level]),
      ).toEqual([
        [2, 'very-high'],
        [1, 'low'],
      ]);
      const subjects = await call(ctx.app, lead, { method: 'GET', url: url('/subjects') });
      expect(subjects.json().items.find((s: { id: string }) => s.id === subject).riskLevel).toBe('very-high');
    });

    it('records an arrest at region and city level only', async () => {
      const subject = await addSubject('Subject Arrested');
      const street = await call(ctx.app, lead, {
        method: 'PUT',
        url: url(`/subjects/${subject}/arrest`),
        payload: {
          arrestedOn: '2026-11-02',
          region: 'VII',
          city: 'Cebu City',
          agency: 'PNP-WCPC',
          address: '1 Main St',
        },
      });
      expect(street.statusCode).toBe(400);
      const res = await call(ctx.app, lead, {
        method: 'PUT',
        url: url(`/subjects/${subject}/arrest`),
        payload: { arrestedOn: '2026-11-02', region: 'VII', city: 'Cebu City', agency: 'PNP-WCPC' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().arrest).toEqual({
        arrestedOn: '2026-11-02',
        region: 'VII',
        city: 'Cebu City',
        agency: 'PNP-WCPC',
      });
    });

    it('serves the questionnaire as data, and adds identifiers to a subject once each', async () => {
      const questionnaire = await call(ctx.app, prosecutor, {
        method: 'GET',
        url: '/api/v1/risk-questionnaire',
      });
      expect(questionnaire.json()).toMatchObject({
        id: RISK_QUESTIONNAIRE.id,
        sections: ['previous-behaviour', 'access-to-children', 'current-facilitators', 'other-factors'],
      });
      expect(questionnaire.json().questions).toHaveLength(RISK_QUESTIONNAIRE.questions.length);

      const subject = await addSubject('Subject More-Identifiers');
      const add = (value: string) =>
        call(ctx.app, lead, {
          method: 'POST',
          url: url(`/subjects/${subject}/identifiers`),
          payload: { identifiers: [{ kind: 'screen-name', value, service: 'Facebook' }] },
        });
      expect((await add('IslandStar42')).json().identifiers).toEqual([
        {
          kind: 'screen-name',
          value: 'facebook:islandstar42',
          referralId,
          referralReference: expect.any(String),
        },
      ]);
      expect((await add('islandstar42')).json().identifiers).toHaveLength(1);
      expect(
        (
          await call(ctx.app, prosecutor, {
            method: 'POST',
            url: url(`/subjects/${subject}/identifiers`),
            payload: {},
          })
        ).statusCode,
      ).toBe(403);
    });

    it('is invisible to another organisation', async () => {
      const res = await call(ctx.app, outsider, { method: 'GET', url: url('/subjects') });
      expect(res.statusCode).toBe(404);
    });
  });

  describe('victims and the identity vault', () => {
    it('gives a sequence pseudonym, links a referral victim, and keeps the identity encrypted at rest', async () => {
      const referral = await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/referrals/${referralId}`,
      });
      const referralPseudonym = referral.json().victims[0].pseudonym as string;
      const res = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/victims'),
        payload: {
          ageBand: '6-9',
          sex: 'female',
          referralPseudonym,
          identity: {
            name: CHILD_NAME,
            dateOfBirth: '2017-03-04',
            address: 'Purok 3, Barangay Test',
            documentPhotoRefs: ['DMS-77'],
          },
        },
      });
      expect(res.statusCode).toBe(201);
      const victim = res.json();
      expect(victim.pseudonym).toMatch(new RegExp(`^V-${new Date().getFullYear()}-\\d{6}$`));
      expect(victim).toMatchObject({ ageBand: '6-9', sex: 'female', referralPseudonym, hasIdentity: true });
      expect(res.body).not.toContain(CHILD_NAME);

      const row = await ctx.services.db
        .selectFrom('victim_identities')
        .selectAll()
        .where('victim_id', '=', victim.id)
        .executeTakeFirstOrThrow();
      expect(row.key_id).toBe(ctx.services.vault.keyId);
      expect(row.ciphertext).not.toContain(CHILD_NAME);
      expect(row.ciphertext).not.toContain('2017-03-04');
      // Under another key it does not open.
      expect(() =>
        new Vault(randomBytes(32)).decrypt(row.ciphertext, `case-victim-identity:${victim.id}`),
      ).toThrow();

      const list = await call(ctx.app, prosecutor, { method: 'GET', url: url('/victims') });
      expect(list.json().items.map((v: { id: string }) => v.id)).toContain(victim.id);
      expect(list.body).not.toContain(CHILD_NAME);
      const events = await timeline(ctx.services, caseId);
      expect(JSON.stringify(events)).not.toContain(CHILD_NAME);
      expect(events.at(-1)).toMatchObject({
        kind: 'victim.add',
        summary: `Victim ${victim.pseudonym} added`,
      });
    });

    it('creates once when a submission is retried with the same Idempotency-Key', async () => {
      const send = (payload: object, key = 'victim-form-1') =>
        call(ctx.app, lead, {
          method: 'POST',
          url: url('/victims'),
          payload,
          headers: { 'idempotency-key': key },
        });
      const before = await countRows(ctx.services, 'case_victims');
      const first = await send({ ageBand: '13-15', identity: { name: CHILD_NAME } });
      const retry = await send({ ageBand: '13-15', identity: { name: CHILD_NAME } });
      expect(retry.statusCode).toBe(201);
      expect(retry.json().id).toBe(first.json().id);
      expect(await countRows(ctx.services, 'case_victims')).toBe(before + 1);
      const reused = await send({ ageBand: '16-17' });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.field).toBe('Idempotency-Key');
      const subject = { label: 'Retried Subject' };
      const s1 = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/subjects'),
        payload: subject,
        headers: { 'idempotency-key': 's-1' },
      });
      const s2 = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/subjects'),
        payload: subject,
        headers: { 'idempotency-key': 's-1' },
      });
      expect(s2.json().id).toBe(s1.json().id);
    });

    it('refuses a referral pseudonym from outside the case', async () => {
      const res = await call(ctx.app, lead, {
        method: 'POST',
        url: url('/victims'),
        payload: { referralPseudonym: 'V-ZZZZ-ZZZZ' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('referralPseudonym');
    });

    it('reveals an identity only with the permission and a stated reason, and audits the reason', async () => {
      const victim = await addVictim({ identity: { name: CHILD_NAME, contact: '+63 917 000 1111' } });
      const reveal = (user: TestUser, payload: object) =>
        call(ctx.app, user, { method: 'POST', url: url(`/victims/${victim}/identity/reveal`), payload });

      expect((await reveal(prosecutor, { reason: REASON })).statusCode).toBe(403);
      const none = await reveal(socialWorker, {});
      expect(none.statusCode).toBe(400);
      expect(none.json().error.field).toBe('reason');
      const short = await reveal(socialWorker, { reason: 'because' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.message).toContain('at least 15 characters');
      expect(await auditEntries(ctx.services, 'vault.read')).toEqual([]);

      const res = await reveal(socialWorker, { reason: REASON });
      expect(res.statusCode).toBe(200);
      expect(res.json().identity).toMatchObject({ name: CHILD_NAME, contact: '+63 917 000 1111' });
      const [entry] = await auditEntries(ctx.services, 'vault.read');
      expect(entry).toMatchObject({ entity_id: victim, actor_user_id: socialWorker.actor.userId });
      expect(entry!.details).toMatchObject({ reason: REASON, caseId });
      expect(JSON.stringify(entry!.details)).not.toContain(CHILD_NAME);
      expect((await reveal(outsider, { reason: REASON })).statusCode).toBe(404);
    });

    it('replaces an identity in the vault, auditing that it changed and not what', async () => {
      const victim = await addVictim({ ageBand: '0-5' });
      const put = await call(ctx.app, lead, {
        method: 'PUT',
        url: url(`/victims/${victim}/identity`),
        payload: { name: CHILD_NAME, address: 'Sitio Test' },
      });
      expect(put.json()).toMatchObject({ hasIdentity: true });
      expect(put.body).not.toContain(CHILD_NAME);
      const [entry] = await auditEntries(ctx.services, 'vault.write');
      expect(entry).toMatchObject({ entity_id: victim, details: { caseId } });
      expect(JSON.stringify(entry!.details)).not.toContain('Sitio');
      const revealed = await call(ctx.app, socialWorker, {
        method: 'POST',
        url: url(`/victims/${victim}/identity/reveal`),
        payload: { reason: REASON },
      });
      expect(revealed.json().identity).toEqual({
        name: CHILD_NAME,
        address: 'Sitio Test',
        documentPhotoRefs: [],
      });
    });

    it('fails to read an identity whose key is not configured, saying which key', async () => {
      const victim = await addVictim({ identity: { name: CHILD_NAME } });
      const kept = ctx.services.vault;
      ctx.services.vault = new Vault(randomBytes(32));
      try {
        const res = await call(ctx.app, socialWorker, {
          method: 'POST',
          url: url(`/victims/${victim}/identity/reveal`),
          payload: { reason: REASON },
        });
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toContain(CHILD_NAME);
      } finally {
        ctx.services.vault = kept;
      }
    });
  });

  describe('the guardian conflict', () => {
    it('flags a guardian who is a subject on the victim and on the subject', async () => {
      const mother = await addSubject('Maria Guardian-Subject');
      const victim = await addVictim({
        relations: [{ subjectId: mother, relationship: 'parent', isGuardian: true }],
      });
      const victims = await call(ctx.app, lead, { method: 'GET', url: url('/victims') });
      const v = victims.json().items.find((x: { id: string }) => x.id === victim);
      expect(v.guardianConflict).toBe(true);
      expect(v.relations).toEqual([
        expect.objectContaining({ subjectId: mother, relationship: 'parent', isGuardian: true }),
      ]);
      const subjects = await call(ctx.app, lead, { method: 'GET', url: url('/subjects') });
      expect(subjects.json().items.find((s: { id: string }) => s.id === mother).guardianConflict).toBe(true);

      // Relations can be corrected; the flag follows.
      const cleared = await call(ctx.app, lead, {
        method: 'PUT',
        url: url(`/victims/${victim}/relations`),
        payload: { relations: [{ subjectId: mother, relationship: 'relative' }] },
      });
      expect(cleared.json().guardianConflict).toBe(false);
      const foreign = await call(ctx.app, lead, {
        method: 'PUT',
        url: url(`/victims/${victim}/relations`),
        payload: {
          relations: [{ subjectId: '00000000-0000-4000-8000-000000000000', relationship: 'other' }],
        },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.field).toBe('relations');
    });

    it('never shows placement or contact in the victim and subject views', async () => {
      const father = await addSubject('Jose Guardian-Subject');
      const victim = await addVictim({
        relations: [{ subjectId: father, relationship: 'parent', isGuardian: true }],
        identity: { contact: 'CONTACT-SECRET-555' },
      });
      const placed = await call(ctx.app, socialWorker, {
        method: 'POST',
        url: url(`/victims/${victim}/aftercare/placements`),
        payload: {
          kind: 'shelter',
          placedOn: '2026-11-05',
          location: 'SHELTER-SECRET-LOCATION',
          contact: 'SHELTER-PHONE-999',
        },
      });
      expect(placed.statusCode).toBe(201);
      for (const path of ['/victims', '/subjects']) {
        const body = (await call(ctx.app, lead, { method: 'GET', url: url(path) })).body;
        for (const secret of ['SHELTER-SECRET-LOCATION', 'SHELTER-PHONE-999', 'CONTACT-SECRET-555'])
          expect(body, `${path} shows ${secret}`).not.toContain(secret);
      }
      const events = JSON.stringify(await timeline(ctx.services, caseId));
      expect(events).not.toContain('SHELTER-SECRET-LOCATION');
    });

    it('refuses consent from a guardian who is a subject; withdrawal keeps the record', async () => {
      const mother = await addSubject('Rosa Guardian-Subject');
      const victim = await addVictim({
        relations: [{ subjectId: mother, relationship: 'parent', isGuardian: true }],
      });
      const consent = (payload: object) =>
        call(ctx.app, socialWorker, { method: 'POST', url: url(`/victims/${victim}/consents`), payload });
      const base = {
        purpose: 'aftercare-data-sharing',
        givenBy: 'guardian',
        granted: true,
        givenOn: '2026-11-06',
      };

      const noGuardian = await consent(base);
      expect(noGuardian.statusCode).toBe(400);
      expect(noGuardian.json().error.field).toBe('guardian');
      const bySubject = await consent({ ...base, guardian: { name: 'rosa  guardian-subject' } });
      expect(bySubject.statusCode).toBe(409);
      expect(bySubject.json().error.field).toBe('guardian');
      const byId = await consent({ ...base, guardian: { name: 'Someone', subjectId: mother } });
      expect(byId.statusCode).toBe(409);
      expect(await countRows(ctx.services, 'consent_records')).toBe(0);

      const granted = await consent({ ...base, guardian: { name: 'Lola Grandmother' } });
      expect(granted.statusCode).toBe(201);
      expect(granted.body).not.toContain('Lola');
      const research = await consent({
        purpose: 'research-use',
        givenBy: 'victim',
        granted: false,
        givenOn: '2026-11-06',
      });
      expect(research.statusCode).toBe(201);

      const id = granted.json().id;
      const withdraw = () =>
        call(ctx.app, socialWorker, {
          method: 'POST',
          url: url(`/victims/${victim}/consents/${id}/withdraw`),
          payload: { withdrawnOn: '2026-11-20', note: 'Withdrawn at the review meeting' },
        });
      const withdrawn = await withdraw();
      expect(withdrawn.json()).toMatchObject({
        withdrawnOn: '2026-11-20',
        withdrawnBy: socialWorker.username,
        granted: true,
      });
      expect((await withdraw()).statusCode).toBe(409);
      const list = await call(ctx.app, prosecutor, {
        method: 'GET',
        url: url(`/victims/${victim}/consents`),
      });
      expect(list.json().items).toHaveLength(2);
      expect((await auditEntries(ctx.services, 'consent.withdraw'))[0]).toMatchObject({ entity_id: id });
      expect(
        (
          await call(ctx.app, prosecutor, {
            method: 'POST',
            url: url(`/victims/${victim}/consents`),
            payload: base,
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  async function addSubject(label: string): Promise<string> {
    const res = await call(ctx.app, lead, { method: 'POST', url: url('/subjects'), payload: { label } });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  async function addVictim(payload: object): Promise<string> {
    const res = await call(ctx.app, lead, { method: 'POST', url: url('/victims'), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  async function assess(subject: string, answers: Record<string, string>) {
    const res = await call(ctx.app, lead, {
      method: 'POST',
      url: url(`/subjects/${subject}/risk-assessments`),
      payload: { answers },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
});

describe.each(DATABASE_KINDS)('identity vault key rotation (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it('reads under the previous key during rotation and re-encrypts everything under the new one', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    ctx.services.vault = new Vault(oldKey);
    const analyst = await createTestUser(ctx.services, 'analyst');
    const lead = await createTestUser(ctx.services, 'investigator');
    const socialWorker = await createTestUser(ctx.services, 'social-worker');
    const admin = await createTestUser(ctx.services, 'admin');
    const { caseId } = await openCase(ctx, analyst, lead);
    const victims: string[] = [];
    for (const name of ['Child-One-Name', 'Child-Two-Name']) {
      const res = await call(ctx.app, lead, {
        method: 'POST',
        url: `/api/v1/cases/${caseId}/victims`,
        payload: { identity: { name } },
      });
      victims.push(res.json().id);
    }
    await call(ctx.app, socialWorker, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/victims/${victims[0]}/aftercare/placements`,
      payload: { kind: 'shelter', placedOn: '2026-11-05', location: 'Shelter-Location-X' },
    });
    const reveal = () =>
      call(ctx.app, socialWorker, {
        method: 'POST',
        url: `/api/v1/cases/${caseId}/victims/${victims[1]}/identity/reveal`,
        payload: { reason: REASON },
      });

    // The new key is configured, the old one kept for reading.
    ctx.services.vault = new Vault(newKey, [oldKey]);
    expect((await reveal()).json().identity.name).toBe('Child-Two-Name');
    expect((await call(ctx.app, lead, { method: 'POST', url: '/api/v1/vault/rotate' })).statusCode).toBe(403);

    const rotated = await call(ctx.app, admin, { method: 'POST', url: '/api/v1/vault/rotate' });
    // The case's vault (two identities, a placement) and what its referral holds encrypted.
    expect(rotated.json()).toMatchObject({ keyId: ctx.services.vault.keyId, remaining: 0 });
    expect(rotated.json().reEncrypted).toBeGreaterThanOrEqual(3);
    const keys = await ctx.services.db.selectFrom('victim_identities').select('key_id').execute();
    expect(keys.map((k) => k.key_id)).toEqual([ctx.services.vault.keyId, ctx.services.vault.keyId]);
    expect((await auditEntries(ctx.services, 'vault.rotate')).map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { table: 'victim_identities', count: 2 },
        { table: 'aftercare_placements', count: 1 },
      ]),
    );
    const again = await call(ctx.app, admin, { method: 'POST', url: '/api/v1/vault/rotate' });
    expect(again.json()).toMatchObject({ reEncrypted: 0, remaining: 0 });

    // The old key can now go: everything reads under the new one alone.
    ctx.services.vault = new Vault(newKey);
    expect((await reveal()).json().identity.name).toBe('Child-Two-Name');
    const aftercare = await call(ctx.app, socialWorker, {
      method: 'GET',
      url: `/api/v1/cases/${caseId}/aftercare`,
    });
    expect(
      aftercare.json().items.flatMap((v: { placements: { location: string }[] }) => v.placements),
    ).toEqual([expect.objectContaining({ location: 'Shelter-Location-X' })]);
    // And the old key alone no longer opens it.
    ctx.services.vault = new Vault(oldKey);
    expect((await reveal()).statusCode).toBe(500);
  });
});
