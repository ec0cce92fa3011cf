import {
  generateTransactions,
  TRANSACTION_CSV_HEADER,
  transactionCsvRow,
  type FinanceAlert,
  type FinanceAlertDetail,
  type FinanceImportResult,
  type FinanceTransaction,
  type LeadPackage,
} from '@sinag/core';
import { sql } from 'kysely';
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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
import { REOPEN_MARGIN, storeAlerts } from '../src/finance/alert-store.ts';
import { TIDY_AFTER_ROWS } from '../src/finance/import.ts';
import { insertTransactions, partyTransactions, transactionsFrom } from '../src/finance/transactions.ts';
import { FACILITATOR, OTHER_LAYOUT, plantedRows, toCsv, toNdjson, type Row } from './finance-fixtures.ts';

describe.each(DATABASE_KINDS)('financial intelligence (%s)', (kind) => {
  let ctx: TestContext;
  let finance: TestUser;
  let analyst: TestUser;
  let investigator: TestUser;
  let prosecutor: TestUser;
  let elsewhere: TestUser;
  let admin: TestUser;
  let referralId: string;
  let weakReferralId: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    finance = await createTestUser(ctx.services, 'financial-analyst');
    analyst = await createTestUser(ctx.services, 'analyst');
    investigator = await createTestUser(ctx.services, 'investigator');
    prosecutor = await createTestUser(ctx.services, 'prosecutor');
    elsewhere = await createTestUser(ctx.services, 'financial-analyst', 'Other Bank');
    admin = await createTestUser(ctx.services, 'admin');
    // A referral naming the facilitator's phone (0917 123 4567 in the Philippines): F11 and a link.
    const created = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral(),
    });
    expect(created.statusCode).toBe(201);
    referralId = created.json().id;
    // A referral naming a person like one of the senders, in the same country: a weak link only.
    const named = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({
        reportedPersons: [
          { role: 'reported', name: 'MILLER, John', identifiers: [], location: { country: 'US' } },
        ],
      }),
    });
    expect(named.statusCode).toBe(201);
    weakReferralId = named.json().id;
  });
  afterAll(() => ctx.close());

  const upload = (
    body: string | Buffer,
    query: string,
    contentType = 'text/csv',
    user = finance,
    headers: Record<string, string> = {},
  ) =>
    call(ctx.app, user, {
      method: 'POST',
      url: `/api/v1/finance/transactions?${query}`,
      payload: body,
      headers: { 'content-type': contentType, ...headers },
    });
  const alerts = async (query = '', user = finance) => {
    const res = await call(ctx.app, user, { method: 'GET', url: `/api/v1/finance/alerts${query}` });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: FinanceAlert[]; total: number }>();
  };
  const facilitatorAlert = async () =>
    (await alerts(`?party=${FACILITATOR.id}`)).items.find((a) => a.typology === 'livestream')!;

  describe('import', () => {
    it('imports a CSV, screens it, and adds nothing when the same file comes again', async () => {
      const rows = plantedRows();
      const first = await upload(toCsv(rows), 'source=remitter-a');
      expect(first.statusCode).toBe(200);
      const result = first.json<FinanceImportResult>();
      expect(result).toMatchObject({
        source: 'remitter-a',
        rows: rows.length,
        imported: rows.length,
        alreadyPresent: 0,
        rejected: [],
        rejectedCount: 0,
      });
      expect(result.screening.transactionsScreened).toBe(rows.length);
      expect(result.screening.alertsRaised).toBeGreaterThanOrEqual(1);
      // Flushed several times over the file's months: an alert raised and then strengthened is one raised.
      expect(result.screening.alertsUpdated).toBe(0);
      const before = await facilitatorAlert();
      expect(before.party).toEqual({ role: 'receiver', id: FACILITATOR.id });

      const again = (await upload(toCsv(rows), 'source=remitter-a')).json<FinanceImportResult>();
      expect(again).toMatchObject({ imported: 0, alreadyPresent: rows.length });
      expect(again.screening).toMatchObject({ alertsRaised: 0, alertsUpdated: 0 });
      expect(await countRows(ctx.services, 'finance_transactions')).toBe(rows.length);
      // Stored as given: each time to the millisecond, each amount exactly.
      const stored = new Map<string, { at: number; amount: number }>();
      for await (const page of transactionsFrom(ctx.services.db, finance.actor.organisationId, new Date(0)))
        for (const t of page) stored.set(t.transactionId, { at: t.at, amount: t.amount });
      expect(stored.size).toBe(rows.length);
      for (const row of rows)
        expect(stored.get(row.transaction_id!)).toEqual({
          at: Date.parse(row.timestamp!),
          amount: Number(row.amount),
        });
      const after = await facilitatorAlert();
      expect(after.id).toBe(before.id);
      expect(after.transactionIds).toEqual(before.transactionIds);
      // Nothing ordinary raised: the family's payments are in no alert.
      expect((await alerts('?party=R-FAM-1')).total).toBe(0);
      expect((await alerts('?party=S-FAM-1')).total).toBe(0);
    });

    it('adds only the new payments of a file that repeats some', async () => {
      const family = plantedRows().filter((r) => r.sender_id === 'S-FAM-1');
      const next = { ...family[2]!, transaction_id: 'F-3', timestamp: '2026-04-05T10:00:00.250-08:00' };
      const before = await countRows(ctx.services, 'finance_transactions');
      const mixed = await upload(toCsv([family[0]!, next, ...family.slice(1)]), 'source=remitter-a');
      expect(mixed.json<FinanceImportResult>()).toMatchObject({ imported: 1, alreadyPresent: family.length });
      expect(await countRows(ctx.services, 'finance_transactions')).toBe(before + 1);
      expect((await alerts('?party=S-FAM-1')).total).toBe(0);
    });

    it('skips bad rows with their line and reason, and imports the rest', async () => {
      const rows: Row[] = [
        { ...plantedRows()[0]!, transaction_id: 'B-1' },
        { ...plantedRows()[0]!, transaction_id: 'B-2', amount: '-3' },
        { ...plantedRows()[0]!, transaction_id: 'B-3', channel: 'cash' },
        { ...plantedRows()[0]!, transaction_id: 'B-4' },
      ];
      const res = await upload(toCsv(rows), 'source=remitter-b');
      expect(res.json()).toMatchObject({
        imported: 2,
        rejectedCount: 2,
        rejected: [
          { line: 3, reason: 'amount: must be a number greater than 0' },
          { line: 4, reason: expect.stringMatching(/^channel: must be one of/) },
        ],
      });
    });

    it('takes gzip, JSON lines and a column mapping', async () => {
      const row = { ...plantedRows()[0]!, transaction_id: 'G-1' };
      const gz = await upload(gzipSync(toCsv([row])), 'source=gz', 'application/octet-stream', finance, {
        'content-encoding': 'gzip',
      });
      expect(gz.json()).toMatchObject({ imported: 1 });
      const nd = await upload(
        toNdjson([{ ...row, transaction_id: 'J-1' }, { transaction_id: 'J-2' }]),
        'source=nd',
        'application/x-ndjson',
      );
      expect(nd.json()).toMatchObject({
        imported: 1,
        rejected: [{ line: 2, reason: 'timestamp: is required' }],
      });
      const sniffed = await upload(
        toNdjson([{ ...row, transaction_id: 'J-3' }]),
        'source=nd',
        'application/octet-stream',
      );
      expect(sniffed.json()).toMatchObject({ imported: 1 });

      const mapped = await upload(
        OTHER_LAYOUT.csv,
        `source=mapped&mapping=${encodeURIComponent(JSON.stringify(OTHER_LAYOUT.mapping))}`,
      );
      expect(mapped.json()).toMatchObject({
        imported: 1,
        rejected: [{ line: 3, reason: 'Amt: must be a number greater than 0' }],
      });
    });

    it('refuses a file without the required columns, a bad mapping and a missing source, storing nothing', async () => {
      const before = await countRows(ctx.services, 'finance_transactions');
      const noHeader = await upload('a,b,c\n1,2,3\n', 'source=x');
      expect(noHeader.statusCode).toBe(400);
      expect(noHeader.json().error).toMatchObject({
        field: 'body',
        message: expect.stringMatching(/no column "transaction_id"/),
      });
      const badMapping = await upload(
        'a\n',
        `source=x&mapping=${encodeURIComponent('{"columns":{"amount":""}}')}`,
      );
      expect(badMapping.statusCode).toBe(400);
      expect(badMapping.json().error.field).toBe('query.mapping.columns.amount');
      const noSource = await upload('a\n', '');
      expect(noSource.statusCode).toBe(400);
      expect(noSource.json().error.field).toBe('query.source');
      expect(await countRows(ctx.services, 'finance_transactions')).toBe(before);
    });

    it('is for importers only', async () => {
      expect((await upload(toCsv(plantedRows()), 'source=x', 'text/csv', analyst)).statusCode).toBe(403);
    });

    it('leaves a large import vacuumed before screening reads it back', async () => {
      // Another bank, so its alerts stay out of the other tests' lists.
      const bank = await createTestUser(ctx.services, 'financial-analyst', 'Tidy Bank');
      const lines = [TRANSACTION_CSV_HEADER];
      for (const tx of generateTransactions({ seed: 7, rows: TIDY_AFTER_ROWS }))
        lines.push(transactionCsvRow(tx));
      const tidied = async () => {
        const { rows } = await sql<{ pages: number; tuples: number; vacuumed: boolean; analyzed: boolean }>`
          select c.relpages as pages, c.reltuples as tuples, s.last_vacuum is not null as vacuumed,
            s.last_analyze is not null as analyzed
          from pg_class c join pg_stat_user_tables s on s.relid = c.oid
          where c.oid = 'finance_transactions'::regclass`.execute(ctx.services.db);
        return rows[0]!;
      };
      // The small imports before this one were left for autovacuum (which PGlite does not have).
      expect(await tidied()).toMatchObject({ vacuumed: false, analyzed: false });
      const res = await upload(lines.join('\n') + '\n', 'source=tidy', 'text/csv', bank);
      expect(res.statusCode).toBe(200);
      expect(res.json<FinanceImportResult>()).toMatchObject({ imported: TIDY_AFTER_ROWS });
      const after = await tidied();
      expect(after).toMatchObject({ vacuumed: true, analyzed: true });
      // What VACUUM counted is in the catalogue for the planner.
      expect(after.pages).toBeGreaterThan(100);
      expect(after.tuples).toBeGreaterThanOrEqual(TIDY_AFTER_ROWS);
    });
  });

  describe('alerts', () => {
    it('gives an alert in the issue’s shape, with the indicators, payments and the linked referral', async () => {
      const alert = await facilitatorAlert();
      const res = await call(ctx.app, investigator, {
        method: 'GET',
        url: `/api/v1/finance/alerts/${alert.id}`,
      });
      expect(res.statusCode).toBe(200);
      const detail = res.json<FinanceAlertDetail>();
      expect(detail).toMatchObject({
        id: alert.id,
        party: { role: 'receiver', id: FACILITATOR.id },
        status: 'open',
        typology: 'livestream',
        partyName: FACILITATOR.name,
        partyCountry: 'PH',
      });
      expect(Object.keys(detail.party)).toEqual(['role', 'id']);
      expect(detail.score).toBeGreaterThan(0);
      expect(detail.score).toBeLessThanOrEqual(100);
      const ids = detail.indicators.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining(['F5', 'F11']));
      for (const indicator of detail.indicators) expect(indicator.detail.length).toBeGreaterThan(5);
      expect(detail.counterpartyCountries).toEqual(expect.arrayContaining(['US', 'AU', 'GB', 'CA']));
      expect(detail.transactionIds.length).toBeGreaterThanOrEqual(4);
      expect(
        detail.transactions
          .filter((t) => t.inAlert)
          .map((t) => t.transactionId)
          .sort(),
      ).toEqual([...detail.transactionIds].sort());
      expect(detail.links).toContainEqual(
        expect.objectContaining({
          kind: 'referral',
          id: referralId,
          strength: 'strong',
          matchedBy: `phone: ${FACILITATOR.phone}`,
        }),
      );
    });

    it('raises the priority of the linked referral and shows on its page and in its graph', async () => {
      const alert = await facilitatorAlert();
      await backgroundSettled(ctx.services);
      const referral = await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/referrals/${referralId}`,
      });
      expect(referral.json().priority.factors).toContainEqual(
        expect.objectContaining({
          name: 'payment',
          evidence: expect.stringMatching(/links: 1 financial alert/),
        }),
      );
      const linked = await alerts(`?referral=${referralId}`, analyst);
      expect(linked.items.map((a) => a.id)).toEqual([alert.id]);
      const graph = await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/graph?node=referral:${referralId}`,
      });
      expect(graph.json().nodes).toContainEqual(
        expect.objectContaining({
          id: `financial-alert:${alert.id}`,
          type: 'financial-alert',
          expandable: false,
        }),
      );
      const otherUnit = await createTestUser(ctx.services, 'supervisor', 'Other Police Unit');
      expect((await alerts(`?referral=${referralId}`, otherUnit)).total).toBe(0);
    });

    it('links a party by name and country only weakly: shown, not scored', async () => {
      const sender = (await alerts('?party=S-US-1')).items[0];
      expect(sender).toBeDefined();
      expect(sender!.links).toContainEqual(
        expect.objectContaining({ kind: 'referral', id: weakReferralId, strength: 'weak' }),
      );
      expect(sender!.indicators.find((i) => i.id === 'F11')?.detail).toMatch(/weak/);
      await backgroundSettled(ctx.services);
      const referral = await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/referrals/${weakReferralId}`,
      });
      expect(JSON.stringify(referral.json().priority.factors)).not.toMatch(/financial alert/);
    });

    it('filters by score, party, country and status, highest score first, paginated', async () => {
      const all = await alerts('?pageSize=500');
      const scores = all.items.map((a) => a.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const cut = all.items[Math.floor(all.items.length / 2)]!.score;
      const above = await alerts(`?minScore=${cut}&pageSize=500`);
      expect(above.total).toBe(all.items.filter((a) => a.score >= cut).length);
      expect(above.total).toBeLessThanOrEqual(all.total);
      expect((await alerts('?country=au')).items.map((a) => a.party.id)).toContain(FACILITATOR.id);
      expect((await alerts('?country=JP')).total).toBe(0);
      const paged = await alerts('?pageSize=1&page=1');
      expect(paged.items).toHaveLength(1);
      expect(paged.total).toBe(all.total);
      expect(
        (await call(ctx.app, finance, { method: 'GET', url: '/api/v1/finance/alerts?country=USA' })).json()
          .error.field,
      ).toBe('query.country');
    });

    it('shows alerts only to their organisation and to roles that read them', async () => {
      const alert = await facilitatorAlert();
      expect(
        (await call(ctx.app, elsewhere, { method: 'GET', url: `/api/v1/finance/alerts/${alert.id}` }))
          .statusCode,
      ).toBe(404);
      expect((await alerts('', elsewhere)).total).toBe(0);
      expect(
        (await call(ctx.app, prosecutor, { method: 'GET', url: '/api/v1/finance/alerts' })).statusCode,
      ).toBe(403);
      const dismiss = await call(ctx.app, investigator, {
        method: 'POST',
        url: `/api/v1/finance/alerts/${alert.id}/dismiss`,
        payload: { reason: 'not for investigators' },
      });
      expect(dismiss.statusCode).toBe(403);
    });
  });

  describe('actions', () => {
    it('links an alert to a case, recorded on the case timeline', async () => {
      const alert = await facilitatorAlert();
      const opened = await call(ctx.app, analyst, {
        method: 'POST',
        url: '/api/v1/cases',
        payload: { referralIds: [referralId] },
      });
      const caseId = opened.json().id;
      const link = () =>
        call(ctx.app, finance, {
          method: 'POST',
          url: `/api/v1/finance/alerts/${alert.id}/case-links`,
          payload: { caseId },
        });
      const res = await link();
      expect(res.statusCode).toBe(200);
      expect(res.json<FinanceAlertDetail>().links).toContainEqual(
        expect.objectContaining({ kind: 'case', id: caseId, strength: 'manual' }),
      );
      expect(
        (await link()).json<FinanceAlertDetail>().actions.filter((a) => a.action === 'linked-case'),
      ).toHaveLength(1);
      const events = await ctx.services.db
        .selectFrom('case_events')
        .select(['kind', 'detail'])
        .where('case_id', '=', caseId)
        .execute();
      expect(events.filter((e) => e.kind === 'finance.alert.linked')).toHaveLength(1);
      const foreign = await call(ctx.app, finance, {
        method: 'POST',
        url: `/api/v1/finance/alerts/${alert.id}/case-links`,
        payload: { caseId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(foreign.statusCode).toBe(404);
    });

    it('exports a lead package whose manifest hashes its files', async () => {
      const alert = await facilitatorAlert();
      const res = await call(ctx.app, finance, {
        method: 'GET',
        url: `/api/v1/finance/alerts/${alert.id}/lead-package`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="lead-/);
      const bundle = res.json<LeadPackage>();
      expect(bundle.files.map((f) => f.name)).toEqual([
        'alert.json',
        'transactions.csv',
        'transactions.json',
      ]);
      for (const file of bundle.files) {
        const sha = createHash('sha256').update(file.content).digest('hex');
        expect(file.sha256).toBe(sha);
        expect(bundle.manifest).toContain(`${sha}  ${file.name}\n`);
      }
      const csv = bundle.files[1]!.content.trim().split('\n');
      expect(csv[0]).toMatch(/^transaction_id,timestamp,amount/);
      expect(csv).toHaveLength(alert.transactionIds.length + 1);
      expect(JSON.parse(bundle.files[0]!.content)).toMatchObject({
        id: alert.id,
        indicators: alert.indicators,
      });
    });

    it('dismisses with a reason, and the dismissal stands when the same payments come again', async () => {
      const alert = await facilitatorAlert();
      const path = `/api/v1/finance/alerts/${alert.id}/dismiss`;
      const noReason = await call(ctx.app, finance, { method: 'POST', url: path, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.field).toBe('reason');
      const res = await call(ctx.app, finance, {
        method: 'POST',
        url: path,
        payload: { reason: 'known charity payroll' },
      });
      expect(res.json<FinanceAlertDetail>()).toMatchObject({
        status: 'dismissed',
        dismissedScore: alert.score,
      });
      const escalate = await call(ctx.app, finance, {
        method: 'POST',
        url: `/api/v1/finance/alerts/${alert.id}/escalate`,
        payload: {},
      });
      expect(escalate.statusCode).toBe(409);
      expect((await alerts('?status=dismissed')).items.map((a) => a.id)).toContain(alert.id);

      // Screening raises it again: the same score leaves it dismissed, a clearly higher one opens it.
      const again = {
        party: alert.party,
        typology: alert.typology,
        indicators: alert.indicators,
        transactionIds: alert.transactionIds,
      };
      const org = finance.actor.organisationId;
      await storeAlerts(ctx.services, org, alert.configVersion, [
        { ...again, score: alert.score + REOPEN_MARGIN - 1 },
      ]);
      expect((await facilitatorAlert()).status).toBe('dismissed');
      await storeAlerts(ctx.services, org, alert.configVersion, [
        { ...again, score: alert.score + REOPEN_MARGIN },
      ]);
      const reopened = await facilitatorAlert();
      expect(reopened).toMatchObject({ id: alert.id, status: 'open', score: alert.score + REOPEN_MARGIN });
    });

    it('makes a referral of an unlinked alert, once', async () => {
      const alert = (await alerts('?pageSize=500')).items.find(
        (a) => !a.links.some((l) => l.kind === 'referral'),
      );
      expect(alert).toBeDefined();
      const path = `/api/v1/finance/alerts/${alert!.id}/referral`;
      const first = await call(ctx.app, finance, { method: 'POST', url: path });
      expect(first.statusCode).toBe(200);
      const second = await call(ctx.app, finance, { method: 'POST', url: path });
      expect(second.json()).toEqual(first.json());
      const referral = await call(ctx.app, analyst, {
        method: 'GET',
        url: `/api/v1/referrals/${first.json().referralId}`,
      });
      expect(referral.json()).toMatchObject({ source: 'financial-lead' });
      const linked = await call(ctx.app, finance, {
        method: 'GET',
        url: `/api/v1/finance/alerts/${alert!.id}`,
      });
      expect(linked.json()).toMatchObject({ status: 'referred' });
      const facilitator = await facilitatorAlert();
      const refused = await call(ctx.app, finance, {
        method: 'POST',
        url: `/api/v1/finance/alerts/${facilitator.id}/referral`,
      });
      expect(refused.statusCode).toBe(409);
    });
  });

  describe('screening internals', () => {
    it('reads payments back in time order, page by page, none missed or repeated', async () => {
      const org = finance.actor.organisationId;
      const all: string[] = [];
      let previous = -Infinity;
      for await (const page of transactionsFrom(ctx.services.db, org, new Date(0), 7)) {
        expect(page.length).toBeLessThanOrEqual(7);
        for (const t of page) {
          expect(t.at).toBeGreaterThanOrEqual(previous);
          previous = t.at;
          all.push(`${t.sourceId}/${t.transactionId}`);
        }
      }
      expect(new Set(all).size).toBe(all.length);
      const { n } = await ctx.services.db
        .selectFrom('finance_transactions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organisation_id', '=', org)
        .executeTakeFirstOrThrow();
      expect(all.length).toBe(Number(n));
    });

    it("gives a party's newest payments oldest first, and how many it has in all", async () => {
      const org = finance.actor.organisationId;
      const { rows } = await sql<{ transaction_id: string; at: Date }>`
        select transaction_id, at from finance_transactions
        where organisation_id = ${org}::uuid and receiver_id = ${FACILITATOR.id}
        order by at`.execute(ctx.services.db);
      expect(rows.length).toBeGreaterThan(4);
      const party = { role: 'receiver', id: FACILITATOR.id } as const;
      const all = await partyTransactions(ctx.services.db, org, party, 10_000);
      expect(all.total).toBe(rows.length);
      expect(all.transactions.map((t) => t.transactionId)).toEqual(rows.map((r) => r.transaction_id));
      const newest = await partyTransactions(ctx.services.db, org, party, 3);
      expect(newest.total).toBe(rows.length);
      expect(newest.transactions.map((t) => t.transactionId)).toEqual(
        rows.slice(-3).map((r) => r.transaction_id),
      );
      // The same id as a sender, another organisation's party, and a party with no payments.
      expect((await partyTransactions(ctx.services.db, org, { ...party, role: 'sender' }, 10)).total).toBe(0);
      const other = elsewhere.actor.organisationId;
      expect(await partyTransactions(ctx.services.db, other, party, 10)).toEqual({
        transactions: [],
        total: 0,
      });
    });

    it('stores a batch and gives the earliest time among the payments it added', async () => {
      const target = { organisationId: randomUUID(), sourceId: randomUUID(), importId: randomUUID() };
      const payment = (id: string, at: string): FinanceTransaction => ({
        transactionId: id,
        at: Date.parse(at),
        utcOffsetMinutes: 0,
        amount: 20,
        currency: 'USD',
        channel: 'remittance',
        sender: { id: 'S-EARLY' },
        receiver: { id: 'R-EARLY' },
      });
      const first = [
        payment('E-2', '2026-05-02T00:00:00Z'),
        payment('E-1', '2026-05-01T00:00:00Z'),
        payment('E-3', '2026-05-03T00:00:00Z'),
      ];
      expect(await insertTransactions(ctx.services.db, target, first)).toEqual({
        imported: 3,
        earliest: new Date('2026-05-01T00:00:00Z'),
      });
      // Sent again with one new payment, later than the stored ones: only it is added, and its time is the earliest.
      const again = [...first, payment('E-4', '2026-05-04T00:00:00Z')];
      expect(await insertTransactions(ctx.services.db, target, again)).toEqual({
        imported: 1,
        earliest: new Date('2026-05-04T00:00:00Z'),
      });
      expect(await insertTransactions(ctx.services.db, target, again)).toEqual({
        imported: 0,
        earliest: null,
      });
    });

    it('raises the alerts of an older file imported after newer payments', async () => {
      const late = await createTestUser(ctx.services, 'financial-analyst', 'Late Remitter');
      // Months after the planted March pattern: ordinary payments the organisation already holds.
      const recent: Row[] = [0, 1, 2].map((m) => ({
        transaction_id: `N-${m}`,
        timestamp: `2026-1${m}-05T10:00:00-08:00`,
        amount: '40',
        currency: 'USD',
        channel: 'remittance',
        sender_id: `S-NEW-${m}`,
        sender_country: 'US',
        receiver_id: `R-NEW-${m}`,
        receiver_country: 'PH',
      }));
      expect((await upload(toCsv(recent), 'source=november', 'text/csv', late)).statusCode).toBe(200);
      const older = (
        await upload(toCsv(plantedRows()), 'source=march', 'text/csv', late)
      ).json<FinanceImportResult>();
      expect(older.screening.alertsRaised).toBeGreaterThanOrEqual(1);
      const raised = (await alerts(`?party=${FACILITATOR.id}`, late)).items;
      expect(raised.map((a) => a.typology)).toContain('livestream');
    });

    it('stores the same new alert raised by two screenings at once only once', async () => {
      const org = finance.actor.organisationId;
      const alert = {
        party: { role: 'sender' as const, id: 'S-RACE-1' },
        score: 60,
        typology: 'livestream' as const,
        indicators: [
          { id: 'F1' as const, detail: 'small payments' },
          { id: 'F3' as const, detail: 'from US' },
        ],
        transactionIds: [],
      };
      await Promise.all([
        storeAlerts(ctx.services, org, 1, [alert]),
        storeAlerts(ctx.services, org, 1, [alert]),
      ]);
      expect((await alerts('?party=S-RACE-1')).total).toBe(1);
    });
  });

  describe('screening configuration', () => {
    it('is read by alert readers and saved in versions by admins', async () => {
      const current = await call(ctx.app, analyst, {
        method: 'GET',
        url: '/api/v1/finance/screening-config',
      });
      expect(current.statusCode).toBe(200);
      const { version, config } = current.json();
      const saved = await call(ctx.app, admin, {
        method: 'PUT',
        url: '/api/v1/finance/screening-config',
        payload: { config: { ...config, windowDays: 30 } },
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({
        version: version + 1,
        config: { windowDays: 30, version: version + 1 },
      });
      const bad = await call(ctx.app, admin, {
        method: 'PUT',
        url: '/api/v1/finance/screening-config',
        payload: { config: { ...config, windowDays: 0 } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('config.windowDays');
      const denied = await call(ctx.app, finance, {
        method: 'PUT',
        url: '/api/v1/finance/screening-config',
        payload: { config },
      });
      expect(denied.statusCode).toBe(403);
    });
  });
});
