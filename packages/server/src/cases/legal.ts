import {
  extensionRefusal,
  PRESERVATION_RULES,
  preservationExpiry,
  WARRANT_RULES,
  warrantReturnDue,
  type LegalProcess,
  type LegalRequestInput,
  type LegalRequestView,
  type PreservationInput,
  type PreservationJurisdiction,
  type PreservationView,
  type WarrantInput,
  type WarrantType,
  type WarrantView,
} from '@sinag/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type {
  CaseLegalRequestsTable,
  CasePreservationsTable,
  CaseWarrantsTable,
  Database,
} from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { changeCase, insertOnce, readCase, recordNotFound, refuseIfClosed } from './work.ts';

type Db = Kysely<Database> | Transaction<Database>;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function toPreservation(row: Selectable<CasePreservationsTable>, now: Date): PreservationView {
  const jurisdiction = row.jurisdiction as PreservationJurisdiction;
  return {
    id: row.id,
    recipient: row.recipient,
    jurisdiction,
    reference: row.reference,
    sentAt: row.sent_at.toISOString(),
    cyberTipReportedAt: iso(row.cybertip_reported_at),
    expiresAt: row.expires_at.toISOString(),
    extensions: row.extensions,
    canExtend: !extensionRefusal(jurisdiction, row.extensions, row.expires_at, now),
  };
}

function toWarrant(row: Selectable<CaseWarrantsTable>): WarrantView {
  return {
    id: row.id,
    type: row.type as WarrantType,
    court: row.court,
    number: row.number,
    issuedAt: row.issued_at.toISOString(),
    servedAt: iso(row.served_at),
    returnDueAt: iso(row.return_due_at),
    returnedAt: iso(row.returned_at),
  };
}

function toRequest(row: Selectable<CaseLegalRequestsTable>): LegalRequestView {
  return {
    id: row.id,
    kind: row.kind as LegalRequestView['kind'],
    recipient: row.recipient,
    reference: row.reference,
    sentAt: row.sent_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    answeredAt: iso(row.answered_at),
  };
}

async function one<T>(row: Promise<T | undefined>, what: string): Promise<T> {
  const found = await row;
  if (!found) throw recordNotFound(what);
  return found;
}

const preservation = (db: Db, caseId: string, id: string) =>
  one(
    db
      .selectFrom('case_preservations')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst(),
    'preservation request',
  );
const warrant = (db: Db, caseId: string, id: string) =>
  one(
    db
      .selectFrom('case_warrants')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst(),
    'warrant',
  );
const request = (db: Db, caseId: string, id: string) =>
  one(
    db
      .selectFrom('case_legal_requests')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst(),
    'request',
  );

export function legalProcess(services: Services, actor: Actor, caseId: string): Promise<LegalProcess> {
  return readCase(services, actor, caseId, 'case.legal.read', async (trx) => {
    const now = new Date();
    const [preservations, warrants, requests] = [
      await trx
        .selectFrom('case_preservations')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('expires_at')
        .execute(),
      await trx
        .selectFrom('case_warrants')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('issued_at')
        .execute(),
      await trx
        .selectFrom('case_legal_requests')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('sent_at')
        .execute(),
    ];
    return {
      preservations: preservations.map((p) => toPreservation(p, now)),
      warrants: warrants.map(toWarrant),
      requests: requests.map(toRequest),
    };
  });
}

/** Records a preservation request; its expiry follows the jurisdiction's rule. */
export function addPreservation(services: Services, actor: Actor, caseId: string, input: PreservationInput) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const rule = PRESERVATION_RULES[input.jurisdiction];
    if (rule.from === 'cybertip-reported' && !input.cyberTipReportedAt) {
      throw new AppError(
        'validation_failed',
        `cyberTipReportedAt: is required: ${rule.label} preservation counts from the CyberTip report`,
        'cyberTipReportedAt',
      );
    }
    const startsAt = new Date(rule.from === 'sent' ? input.sentAt : input.cyberTipReportedAt!);
    const expiresAt = preservationExpiry(input.jurisdiction, startsAt, 0);
    const { id, created } = await insertOnce(trx, 'case_preservations', caseId, {
      ...(input.id ? { id: input.id } : {}),
      recipient: input.recipient,
      jurisdiction: input.jurisdiction,
      reference: input.reference ?? null,
      sent_at: new Date(input.sentAt),
      cybertip_reported_at: input.cyberTipReportedAt ? new Date(input.cyberTipReportedAt) : null,
      expires_at: expiresAt,
      created_by: actor.userId,
    });
    const view = toPreservation(await preservation(trx, caseId, id), new Date());
    const result = { view, created };
    if (!created) return { result, events: [], audit: [] };
    return {
      result,
      events: [
        {
          kind: 'preservation.sent',
          summary: `Preservation request to ${input.recipient} (${rule.label}), expires ${day(expiresAt)}`,
          detail: { preservationId: id, expiresAt: view.expiresAt },
        },
      ],
      audit: [
        {
          action: 'case.preservation.create',
          details: { preservationId: id, jurisdiction: input.jurisdiction },
        },
      ],
    };
  });
}

/** Takes one more extension where the jurisdiction allows it; otherwise a 409 saying why not. */
export function extendPreservation(services: Services, actor: Actor, caseId: string, id: string) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const row = await preservation(trx, caseId, id);
    const jurisdiction = row.jurisdiction as PreservationJurisdiction;
    const refusal = extensionRefusal(jurisdiction, row.extensions, row.expires_at, new Date());
    if (refusal) throw new AppError('conflict', `Cannot extend: ${refusal}.`);
    const start =
      row.cybertip_reported_at && PRESERVATION_RULES[jurisdiction].from === 'cybertip-reported'
        ? row.cybertip_reported_at
        : row.sent_at;
    const expiresAt = preservationExpiry(jurisdiction, start, row.extensions + 1);
    await trx
      .updateTable('case_preservations')
      .set({ extensions: row.extensions + 1, expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
    return {
      result: toPreservation(await preservation(trx, caseId, id), new Date()),
      events: [
        {
          kind: 'preservation.extend',
          summary: `Preservation at ${row.recipient} extended to ${day(expiresAt)}`,
          detail: { preservationId: id, expiresAt: expiresAt.toISOString() },
        },
      ],
      audit: [
        {
          action: 'case.preservation.extend',
          details: { preservationId: id, extensions: row.extensions + 1 },
        },
      ],
    };
  });
}

function servedProblem(issuedAt: Date, servedAt: Date | null): void {
  if (servedAt && servedAt < issuedAt) {
    throw new AppError(
      'validation_failed',
      'servedAt: must not be before the warrant was issued',
      'servedAt',
    );
  }
}

export function addWarrant(services: Services, actor: Actor, caseId: string, input: WarrantInput) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const issuedAt = new Date(input.issuedAt);
    const servedAt = input.servedAt ? new Date(input.servedAt) : null;
    servedProblem(issuedAt, servedAt);
    const { id, created } = await insertOnce(trx, 'case_warrants', caseId, {
      ...(input.id ? { id: input.id } : {}),
      type: input.type,
      court: input.court,
      number: input.number,
      issued_at: issuedAt,
      served_at: servedAt,
      return_due_at: warrantReturnDue(input.type, issuedAt, servedAt ?? undefined) ?? null,
      created_by: actor.userId,
    });
    const view = toWarrant(await warrant(trx, caseId, id));
    const result = { view, created };
    if (!created) return { result, events: [], audit: [] };
    return {
      result,
      events: [
        {
          kind: 'warrant.issued',
          summary: `${input.type} ${input.number} issued by ${input.court}${view.returnDueAt ? `; ${WARRANT_RULES[input.type].due} due ${minute(new Date(view.returnDueAt))}` : ''}`,
          detail: { warrantId: id, type: input.type },
        },
      ],
      audit: [{ action: 'case.warrant.create', details: { warrantId: id, type: input.type } }],
    };
  });
}

/** Records a warrant's service (which may start its clock) or its return. */
export function updateWarrant(
  services: Services,
  actor: Actor,
  caseId: string,
  id: string,
  update: { servedAt?: string; returnedAt?: string },
) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const row = await warrant(trx, caseId, id);
    const type = row.type as WarrantType;
    const servedAt = update.servedAt ? new Date(update.servedAt) : row.served_at;
    servedProblem(row.issued_at, servedAt);
    const returnedAt = update.returnedAt ? new Date(update.returnedAt) : row.returned_at;
    if (returnedAt && returnedAt < row.issued_at) {
      throw new AppError(
        'validation_failed',
        'returnedAt: must not be before the warrant was issued',
        'returnedAt',
      );
    }
    const events = [];
    if (update.servedAt && servedAt?.getTime() !== row.served_at?.getTime()) {
      events.push({
        kind: 'warrant.served',
        summary: `${type} ${row.number} served`,
        detail: { warrantId: id },
      });
    }
    if (update.returnedAt && returnedAt?.getTime() !== row.returned_at?.getTime()) {
      events.push({
        kind: 'warrant.returned',
        summary: `${type} ${row.number}: ${WARRANT_RULES[type].due} done`,
        detail: { warrantId: id },
      });
    }
    if (events.length) {
      await trx
        .updateTable('case_warrants')
        .set({
          served_at: servedAt,
          returned_at: returnedAt,
          return_due_at: warrantReturnDue(type, row.issued_at, servedAt ?? undefined) ?? null,
        })
        .where('id', '=', id)
        .execute();
    }
    return {
      result: toWarrant(await warrant(trx, caseId, id)),
      events,
      audit: events.length
        ? [{ action: 'case.warrant.update', details: { warrantId: id, events: events.map((e) => e.kind) } }]
        : [],
    };
  });
}

export function addLegalRequest(services: Services, actor: Actor, caseId: string, input: LegalRequestInput) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const { id, created } = await insertOnce(trx, 'case_legal_requests', caseId, {
      ...(input.id ? { id: input.id } : {}),
      kind: input.kind,
      recipient: input.recipient,
      reference: input.reference ?? null,
      sent_at: new Date(input.sentAt),
      due_at: new Date(input.dueAt),
      created_by: actor.userId,
    });
    const view = toRequest(await request(trx, caseId, id));
    const result = { view, created };
    if (!created) return { result, events: [], audit: [] };
    return {
      result,
      events: [
        {
          kind: 'request.sent',
          summary: `${input.kind.replace('-', ' ')} to ${input.recipient}, answer due ${input.dueAt.slice(0, 10)}`,
          detail: { requestId: id, kind: input.kind },
        },
      ],
      audit: [{ action: 'case.request.create', details: { requestId: id, kind: input.kind } }],
    };
  });
}

export function answerLegalRequest(
  services: Services,
  actor: Actor,
  caseId: string,
  id: string,
  answeredAt: string,
) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const row = await request(trx, caseId, id);
    if (row.answered_at) return { result: toRequest(row), events: [], audit: [] };
    const at = new Date(answeredAt);
    if (at < row.sent_at) {
      throw new AppError(
        'validation_failed',
        'answeredAt: must not be before the request was sent',
        'answeredAt',
      );
    }
    await trx.updateTable('case_legal_requests').set({ answered_at: at }).where('id', '=', id).execute();
    return {
      result: toRequest(await request(trx, caseId, id)),
      events: [
        {
          kind: 'request.answered',
          summary: `${row.recipient} answered the ${row.kind.replace('-', ' ')}`,
          detail: { requestId: id },
        },
      ],
      audit: [{ action: 'case.request.answer', details: { requestId: id } }],
    };
  });
}
