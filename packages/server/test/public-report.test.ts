import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backgroundSettled,
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

/** Typed into the form; it must reach the referral and nowhere else (logs, audit details). */
const MARKER = 'Marker-Bayani-7731-description';
const FOLLOW_UP_MARKER = 'Marker-Lualhati-4402-follow-up';
const CODE = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;
const REFERENCE = /R-\d{7}/;

interface Detail {
  id: string;
  reference: string;
  source: string;
  incidentType: string;
  incidentAt: string | null;
  band: string;
  region: string | null;
  reporterName: string;
  notes: { at: string; source: string; text: string }[];
  data: {
    incident: Record<string, unknown>;
    reporter: Record<string, unknown>;
    location?: Record<string, unknown>;
    reportedPersons: { identifiers: { kind: string; normalised: string; service?: string }[] }[];
  };
}

describe.each(DATABASE_KINDS)('public report form (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let addresses = 0;
  /** Each test sends from its own address, so the per-address limits of one do not touch another. */
  const newAddress = () => `203.0.113.${++addresses}`;

  const page = (url: string) => ctx.app.inject({ method: 'GET', url });
  const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;
  const freshToken = async (url = '/report') => tokenOf((await page(url)).body);
  const post = (url: string, fields: Record<string, string>, remoteAddress: string) =>
    ctx.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress,
    });
  const count = (
    table: 'referrals' | 'referral_notes' | 'public_report_codes' | 'public_submissions' | 'audit_log',
  ) => countRows(ctx.services, table);
  const counts = async () => {
    // After the background loops' own audit entries, which are not the request's.
    await backgroundSettled(ctx.services);
    return {
      referrals: await count('referrals'),
      notes: await count('referral_notes'),
      codes: await count('public_report_codes'),
      submissions: await count('public_submissions'),
      audit: await count('audit_log'),
    };
  };
  const detail = async (reference: string): Promise<Detail> => {
    const list = await call(ctx.app, analyst, {
      method: 'GET',
      url: `/api/v1/referrals?source=public&q=${reference}`,
    });
    expect(list.statusCode).toBe(200);
    const [item] = list.json<{ items: { id: string }[] }>().items;
    expect(item, reference).toBeDefined();
    const res = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${item!.id}` });
    expect(res.statusCode).toBe(200);
    return res.json<Detail>();
  };
  /** Sends a minimal valid report; returns the reference and follow-up code shown. */
  const report = async (fields: Record<string, string> = {}, address = newAddress()) => {
    const res = await post(
      '/report',
      { token: await freshToken(), description: `Saw something. ${MARKER}`, ...fields },
      address,
    );
    expect(res.statusCode, res.body).toBe(200);
    return { reference: REFERENCE.exec(res.body)![0], code: CODE.exec(res.body)![0], body: res.body };
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind, { publicReportsPerHour: 3, publicFollowUpsPerHour: 4 });
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  it('serves a small form without credentials, with the no-images notice and a hidden honeypot', async () => {
    const res = await page('/report');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(Buffer.byteLength(res.body)).toBeLessThan(20 * 1024);
    expect(res.body).toContain('<meta name="viewport"');
    expect(res.body).toContain(
      'Do not upload or send images or videos — sharing them is a crime even\nwhen reporting; describe what you saw and where.',
    );
    expect(res.body).toMatch(
      /<div class="hp" aria-hidden="true">.*\n<input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"/,
    );
    expect(res.body).toContain('911');
    expect(res.body).toContain('1343 Actionline');
    expect(res.body).toContain('<label for="f-description">What happened (required)</label>');
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toMatch(/type="file"|multipart/);
    expect(tokenOf(res.body)).not.toBe(await freshToken());

    const followUp = await page('/report/follow-up');
    expect(followUp.statusCode).toBe(200);
    expect(Buffer.byteLength(followUp.body)).toBeLessThan(20 * 1024);
    expect(followUp.body).toContain('name="code"');
    expect(followUp.body).toContain('name="website"');
  });

  it('answers every public report route without credentials (POSTs with a form error, never a 401)', async () => {
    const address = newAddress();
    for (const url of ['/report', '/report/follow-up']) {
      expect((await page(url)).statusCode, `GET ${url}`).toBe(200);
      const res = await post(url, {}, address);
      expect(res.statusCode, `POST ${url}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('turns a report into a public referral of the intake organisation, with normalised identifiers', async () => {
    const address = newAddress();
    const before = await counts();
    const { reference, code, body } = await report(
      {
        concern: 'livestream',
        urls: 'HTTPS://Example.COM/Live#top\nfacebook.com/groups/12345,',
        platform: 'Facebook',
        username: ' IslandStar42 ',
        suspectPhone: '0917 123 4567',
        suspectEmail: 'Suspect.Demo@Example.COM',
        whenDate: '2026-01-05',
        whenTime: '21:30',
        whenText: 'Every evening that week',
        region: 'VII',
        city: 'Cebu City',
        danger: 'yes',
        contactName: 'Ana Santos',
        contactEmail: 'Ana.Santos@Example.org',
        contactPhone: '0918 765 4321',
        consent: 'yes',
      },
      address,
    );
    expect(body).toContain('Your report was received');
    expect(body).toContain('shown only once');
    expect(body).toContain('911');

    const d = await detail(reference);
    expect(d).toMatchObject({
      reference,
      source: 'public',
      incidentType: 'livestreamed-abuse',
      incidentAt: '2026-01-05T13:30:00.000Z',
      band: 'P1',
      region: 'VII',
      reporterName: 'Ana Santos',
      notes: [],
    });
    expect(d.data.incident).toMatchObject({
      summary: `Saw something. ${MARKER}`,
      occurredAtDescription: 'Every evening that week',
      sourceTypes: ['Someone is livestreaming abuse of a child'],
    });
    expect(d.data.incident.escalation).toBeTruthy();
    expect(d.data.reporter).toEqual({
      kind: 'public',
      name: 'Ana Santos',
      contactName: 'Ana Santos',
      email: 'ana.santos@example.org',
      phone: '+639187654321',
    });
    expect(d.data.location).toEqual({ country: 'PH', region: 'VII', city: 'Cebu City' });
    expect(d.data.reportedPersons[0]!.identifiers.map((i) => [i.kind, i.normalised])).toEqual([
      ['url', 'https://example.com/Live'],
      ['url', 'http://facebook.com/groups/12345'],
      ['screen-name', 'facebook:islandstar42'],
      ['email', 'suspect.demo@example.com'],
      ['phone', '+639171234567'],
    ]);

    // The submission is kept as the encrypted source document; the code only as its hash.
    const [document] = await ctx.services.db
      .selectFrom('referral_documents')
      .selectAll()
      .where('referral_id', '=', d.id)
      .execute();
    expect(document).toMatchObject({
      document_index: 0,
      kind: 'public-report',
      media_type: 'application/json',
    });
    expect(document!.content_ciphertext).not.toContain(MARKER);
    const content = JSON.parse(
      ctx.services.vault.decrypt(document!.content_ciphertext, `document:${d.id}:0`),
    );
    expect(content.fields).toMatchObject({ description: `Saw something. ${MARKER}`, concern: 'livestream' });
    expect(content.fields).not.toHaveProperty('token');
    const codes = await ctx.services.db
      .selectFrom('public_report_codes')
      .selectAll()
      .where('referral_id', '=', d.id)
      .execute();
    expect(codes.map((c) => c.code_hash)).toEqual([
      createHash('sha256').update(code.replace(/-/g, '')).digest('hex'),
    ]);

    // Audited as the anonymous public form, from the sender's address, in the same transaction.
    const audit = await ctx.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'referral.create')
      .where('entity_id', '=', d.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: null, actor_name: 'public-form', ip: address });
    expect(await counts()).toMatchObject({
      referrals: before.referrals + 1,
      codes: before.codes + 1,
      submissions: before.submissions + 1,
    });
  });

  it('is anonymous by default and files a report with no kind chosen as "other"', async () => {
    const { reference } = await report();
    const d = await detail(reference);
    expect(d).toMatchObject({ incidentType: 'other', band: 'P4', region: null });
    expect(d.data.reporter).toEqual({ kind: 'public', name: 'Community member (anonymous)' });
    expect(d.data.reportedPersons).toEqual([]);
  });

  it('answers bad input with a 400 form naming each field, keeps what was typed and stores nothing', async () => {
    const address = newAddress();
    const before = await counts();
    const token = await freshToken();
    const res = await post(
      '/report',
      {
        token,
        description: '   ',
        urls: 'not a web address',
        suspectEmail: 'nobody-at-example',
        whenDate: '2026-02-30',
        region: 'Atlantis',
        city: 'Cebu <b>City</b>',
        contactEmail: 'me@example.org',
      },
      address,
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('nothing was sent yet');
    expect(res.body).toContain('What happened: describe what you saw');
    expect(res.body).toContain('Their email address: is not an email address');
    expect(res.body).toContain('Date: is not a real date');
    expect(res.body).toContain('Region: choose a region from the list');
    expect(res.body).toContain('Consent to be contacted: tick this box');
    expect(res.body).toContain('&quot;not&quot; is not a web address');
    expect(res.body).toContain(
      'id="f-description" name="description" rows="6" maxlength="5000" required aria-describedby="h-description e-description" aria-invalid="true"',
    );
    // What was typed is kept (escaped), and the same submission token is carried on.
    expect(res.body).toContain('value="Cebu &lt;b&gt;City&lt;/b&gt;"');
    expect(res.body).toContain('value="me@example.org"');
    expect(res.body).not.toContain('<b>City');
    expect(tokenOf(res.body)).toBe(token);
    expect(await counts()).toEqual(before);

    const noToken = await post('/report', { description: 'Something I saw.' }, address);
    expect(noToken.statusCode).toBe(400);
    expect(noToken.body).toContain('<li>Form: it was incomplete or has expired');
    expect(noToken.body).toContain('Something I saw.');
    const future = await post(
      '/report',
      { token, description: 'x', whenDate: '2999-01-01', consent: 'yes' },
      newAddress(),
    );
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Date: is in the future');
    expect(future.body).toContain('Your email address: give an email address or a phone number');
    expect(await counts()).toEqual(before);
  });

  it('pretends success to a filled honeypot and stores and audits nothing', async () => {
    const before = await counts();
    const res = await post(
      '/report',
      { token: await freshToken(), description: `Buy now ${MARKER}`, website: 'http://spam.example' },
      newAddress(),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your report was received');
    expect(res.body).toMatch(CODE);
    expect(await counts()).toEqual(before);
    const followUp = await post(
      '/report/follow-up',
      { token: await freshToken('/report/follow-up'), code: 'AAAA-BBBB-CCCC', text: 'spam', website: 'x' },
      newAddress(),
    );
    expect(followUp.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('creates one referral when the same submission arrives twice', async () => {
    const token = await freshToken();
    const fields = { token, description: `Twice ${MARKER}` };
    const before = await counts();
    const first = await post('/report', fields, newAddress());
    expect(first.statusCode).toBe(200);
    const reference = REFERENCE.exec(first.body)![0];
    const again = await post('/report', fields, newAddress());
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('This report was already received');
    expect(again.body).toContain(reference);
    expect(again.body).not.toMatch(CODE);
    // Even two at once: one wins, the other finds its referral.
    const token2 = await freshToken();
    const both = await Promise.all([
      post('/report', { token: token2, description: 'At once' }, newAddress()),
      post('/report', { token: token2, description: 'At once' }, newAddress()),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both.filter((r) => r.body.includes('already received'))).toHaveLength(1);
    expect(await counts()).toMatchObject({
      referrals: before.referrals + 2,
      submissions: before.submissions + 2,
    });
  });

  it('adds a follow-up with the code as a note analysts see, and as a source document', async () => {
    const { reference, code } = await report();
    const before = await counts();
    const address = newAddress();
    const token = await freshToken('/report/follow-up');
    const fields = {
      token,
      // As a person may type it: lower case, spaces instead of dashes.
      code: code.toLowerCase().replace(/-/g, ' '),
      text: `He posted again. ${FOLLOW_UP_MARKER}`,
      url: 'tiktok.com/@someone',
      platform: 'TikTok',
      username: 'someone',
    };
    const res = await post('/report/follow-up', fields, address);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('the information was added');
    expect(res.body).toContain(reference);

    const d = await detail(reference);
    expect(d.notes).toEqual([
      {
        at: expect.any(String),
        source: 'public-follow-up',
        text: `He posted again. ${FOLLOW_UP_MARKER}\nWeb address: tiktok.com/@someone\nUsername: someone (TikTok)`,
      },
    ]);
    const documents = await ctx.services.db
      .selectFrom('referral_documents')
      .selectAll()
      .where('referral_id', '=', d.id)
      .orderBy('document_index')
      .execute();
    expect(documents.map((x) => [x.document_index, x.kind])).toEqual([
      [0, 'public-report'],
      [1, 'public-report-follow-up'],
    ]);
    const content = JSON.parse(
      ctx.services.vault.decrypt(documents[1]!.content_ciphertext, `document:${d.id}:1`),
    );
    expect(content.fields.text).toBe(`He posted again. ${FOLLOW_UP_MARKER}`);
    expect(content.fields).not.toHaveProperty('code');
    const audit = await ctx.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'referral.note.add')
      .where('entity_id', '=', d.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: null, actor_name: 'public-form', ip: address });

    // Sent again: not added twice.
    const again = await post('/report/follow-up', fields, address);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already added');
    expect((await detail(reference)).notes).toHaveLength(1);
    expect(await counts()).toMatchObject({ notes: before.notes + 1, submissions: before.submissions + 1 });
  });

  it('refuses a wrong or malformed follow-up code with a 400 naming the field, storing nothing', async () => {
    const before = await counts();
    const address = newAddress();
    const token = await freshToken('/report/follow-up');
    const wrong = await post(
      '/report/follow-up',
      { token, code: 'AAAA-BBBB-CCCC', text: `Guessing ${FOLLOW_UP_MARKER}` },
      address,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Follow-up code: this code does not match any report');
    expect(wrong.body).toContain(`Guessing ${FOLLOW_UP_MARKER}`);
    const malformed = await post('/report/follow-up', { token, code: 'hello', text: 'x' }, address);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('Follow-up code: a follow-up code has 12 letters and digits');
    const empty = await post('/report/follow-up', { token, code: '', text: '' }, address);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Follow-up code: enter the follow-up code');
    expect(empty.body).toContain('What you want to add: write what you want to add');
    expect(await counts()).toEqual(before);
  });

  it('limits reports and follow-up attempts per address, with an HTML 429', async () => {
    const address = newAddress();
    for (let i = 0; i < 3; i++) await report({}, address);
    const before = await counts();
    const limited = await post('/report', { token: await freshToken(), description: 'One more' }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('Too many attempts');
    expect(await counts()).toEqual(before);
    // Another address is not affected.
    await report({}, newAddress());

    const guesser = newAddress();
    const token = await freshToken('/report/follow-up');
    for (let i = 0; i < 4; i++) {
      const res = await post('/report/follow-up', { token, code: 'AAAA-BBBB-CCCC', text: 'x' }, guesser);
      expect(res.statusCode).toBe(400);
    }
    const blocked = await post('/report/follow-up', { token, code: 'AAAA-BBBB-CCCC', text: 'x' }, guesser);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many attempts');
  });

  it('takes forms only on its own routes: the JSON API still refuses form bodies; uploads are refused', async () => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: 'username=admin&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(login.statusCode).toBe(415);
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/report',
      payload: '--b\r\nContent-Disposition: form-data; name="description"\r\n\r\nx\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      remoteAddress: newAddress(),
    });
    expect(upload.statusCode).toBe(415);
    expect(upload.headers['content-type']).toMatch(/^text\/html/);
  });

  it('keeps what was typed out of the logs and the audit details', async () => {
    const text = ctx.logs.join('');
    expect(text).toContain('/report');
    expect(text).toContain('/report/follow-up');
    for (const marker of [MARKER, FOLLOW_UP_MARKER, 'IslandStar42', 'Ana Santos', 'ana.santos', '0917 123']) {
      expect(text).not.toContain(marker);
    }
    const audit = await ctx.services.db.selectFrom('audit_log').selectAll().execute();
    const details = JSON.stringify(audit.map((a) => [a.actor_name, a.details]));
    expect(details).toContain('public-form');
    for (const marker of [MARKER, FOLLOW_UP_MARKER, 'IslandStar42', 'Ana Santos', 'ana.santos']) {
      expect(details).not.toContain(marker);
    }
  });
});
