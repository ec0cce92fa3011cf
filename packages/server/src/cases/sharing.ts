import {
  nextShareState,
  sharedEvent,
  sharedParts,
  type ShareAction,
  type ShareCeiling,
  type SharedCaseView,
  type ShareInput,
  type ShareKind,
  type ShareState,
  type ShareView,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { loadEvidence } from './evidence.ts';
import { loadProsecution } from './prosecution.ts';
import { recordCaseEvents } from './timeline.ts';
import { changeCase, onCase, readCase } from './work.ts';

type Db = Kysely<Database> | Transaction<Database>;

function shareQuery(db: Db) {
  return db
    .selectFrom('case_shares as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .innerJoin('organisations as f', 'f.id', 's.from_organisation_id')
    .innerJoin('organisations as t', 't.id', 's.to_organisation_id')
    .selectAll('s')
    .select(['cases.reference', 'f.name as from_name', 't.name as to_name']);
}
type ShareRow = Awaited<ReturnType<ReturnType<typeof shareQuery>['executeTakeFirstOrThrow']>>;

const toView = (r: ShareRow): ShareView => ({
  id: r.id,
  caseId: r.case_id,
  caseReference: r.reference,
  kind: r.kind as ShareKind,
  from: { id: r.from_organisation_id, name: r.from_name },
  to: { id: r.to_organisation_id, name: r.to_name },
  ceiling: r.ceiling as ShareCeiling,
  state: r.state as ShareState,
  note: r.note,
  requestedAt: r.requested_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** What the audit entry of a share records, naming both organisations so either side's trail finds it. */
const shareDetails = (
  r: Pick<ShareRow, 'case_id' | 'kind' | 'ceiling' | 'from_organisation_id' | 'to_organisation_id'>,
  state: string,
) => ({
  caseId: r.case_id,
  kind: r.kind,
  ceiling: r.ceiling,
  state,
  fromOrganisationId: r.from_organisation_id,
  toOrganisationId: r.to_organisation_id,
});

/** Organisations a case can be shared with: every one but the caller's. */
export async function sharePartners(services: Services, actor: Actor) {
  const items = await services.db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind'])
    .where('id', '<>', actor.organisationId)
    .orderBy('name')
    .execute();
  return { items };
}

/** Asks another organisation to take a share, referral or transfer of the case; a repeat returns the same request. */
export async function requestShare(
  services: Services,
  actor: Actor,
  caseId: string,
  input: z.output<typeof ShareInput>,
): Promise<{ share: ShareView; created: boolean }> {
  return changeCase<{ share: ShareView; created: boolean }>(services, actor, caseId, async (trx, access) => {
    if (access.classification === 'RED') {
      throw new AppError('conflict', 'A RED case is for its team only and is never shared.');
    }
    const to = await trx
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', '=', input.organisationId)
      .executeTakeFirst();
    if (!to || to.id === actor.organisationId) {
      throw new AppError(
        'validation_failed',
        'organisationId: must be another organisation',
        'organisationId',
      );
    }
    const live = await shareQuery(trx)
      .where('s.case_id', '=', caseId)
      .where('s.to_organisation_id', '=', to.id)
      .where('s.state', 'in', ['requested', 'accepted'])
      .executeTakeFirst();
    if (live) {
      if (live.kind === input.kind && live.ceiling === input.ceiling)
        return { result: { share: toView(live), created: false }, audit: [] };
      throw new AppError(
        'conflict',
        `organisationId: the case already has a ${live.state} ${live.kind} with ${to.name}; revoke it first`,
        'organisationId',
      );
    }
    const row = await trx
      .insertInto('case_shares')
      .values({
        case_id: caseId,
        kind: input.kind,
        from_organisation_id: actor.organisationId,
        to_organisation_id: to.id,
        ceiling: input.ceiling,
        note: input.note ?? null,
        requested_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: {
        share: toView((await shareQuery(trx).where('s.id', '=', row.id).executeTakeFirst())!),
        created: true,
      },
      events: [
        {
          kind: `${input.kind}.request`,
          summary: `${input.kind === 'transfer' ? 'Transfer' : `${input.kind === 'share' ? 'Share' : 'Referral'} at ${input.ceiling}`} to ${to.name} requested`,
          detail: { shareId: row.id },
        },
      ],
      audit: [
        {
          action: 'case-share.request',
          entityType: 'case_share',
          entityId: row.id,
          details: shareDetails(row, 'requested'),
        },
      ],
    };
  });
}

/** The shares of one case (owner only). */
export async function listCaseShares(services: Services, actor: Actor, caseId: string) {
  return readCase(services, actor, caseId, 'case-share.list', async (trx) => {
    const rows = await shareQuery(trx)
      .where('s.case_id', '=', caseId)
      .orderBy('s.requested_at', 'desc')
      .execute();
    return { items: rows.map(toView) };
  });
}

/** Requests and shares between the caller's organisation and others, newest first. */
export async function listShares(services: Services, actor: Actor, direction: 'incoming' | 'outgoing') {
  return services.db.transaction().execute(async (trx) => {
    const column = direction === 'incoming' ? 's.to_organisation_id' : 's.from_organisation_id';
    const rows = await shareQuery(trx)
      .where(column, '=', actor.organisationId)
      .orderBy('s.requested_at', 'desc')
      .limit(500)
      .execute();
    await appendAudit(trx, auditActor(actor), [
      { action: 'case-share.list', entityType: 'case_share', details: { direction, returned: rows.length } },
    ]);
    return { items: rows.map(toView) };
  });
}

/**
 * The recipient accepts or rejects a request; the case's owner revokes a request or a live share. Accepting
 * a transfer makes the recipient the owner, with the accepting user as lead.
 */
export async function decideShare(services: Services, actor: Actor, shareId: string, action: ShareAction) {
  return services.db.transaction().execute(async (trx) => {
    const share = await trx
      .selectFrom('case_shares')
      .selectAll()
      .where('id', '=', shareId)
      .forUpdate()
      .executeTakeFirst();
    const owner = share
      ? await trx
          .selectFrom('cases')
          .select('organisation_id')
          .where('id', '=', share.case_id)
          .forUpdate()
          .executeTakeFirstOrThrow()
      : undefined;
    const side = action === 'revoke' ? owner?.organisation_id : share?.to_organisation_id;
    if (!share || side !== actor.organisationId) {
      throw new AppError('not_found', 'No such share, or it is not yours to answer.');
    }
    const next = nextShareState(share.kind as ShareKind, share.state as ShareState, action);
    if (!next.ok) throw new AppError('conflict', next.reason);
    const now = new Date();
    await trx
      .updateTable('case_shares')
      .set(
        action === 'revoke'
          ? { state: next.state, revoked_by: actor.userId, revoked_at: now }
          : { state: next.state, decided_by: actor.userId, decided_at: now },
      )
      .where('id', '=', shareId)
      .execute();
    if (share.kind === 'transfer' && next.state === 'accepted') {
      await trx
        .updateTable('cases')
        .set({ organisation_id: actor.organisationId, lead_id: actor.userId, updated_at: now })
        .where('id', '=', share.case_id)
        .execute();
      await trx.deleteFrom('case_team').where('case_id', '=', share.case_id).execute();
    }
    const to = await trx
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', share.to_organisation_id)
      .executeTakeFirstOrThrow();
    await recordCaseEvents(trx, actor, share.case_id, [
      {
        kind: `${share.kind}.${next.state}`,
        summary: `${share.kind[0]!.toUpperCase()}${share.kind.slice(1)} to ${to.name} ${next.state}`,
        detail: { shareId },
      },
    ]);
    await appendAudit(trx, auditActor(actor), [
      {
        action: `case-share.${action}`,
        entityType: 'case_share',
        entityId: shareId,
        details: shareDetails(share, next.state),
      },
    ]);
    return toView((await shareQuery(trx).where('s.id', '=', shareId).executeTakeFirst())!);
  });
}

/**
 * The case as a recipient sees it at its ceiling; the owner may preview any ceiling. Victims appear by
 * pseudonym only (in timeline summaries); restricted evidence and the recording's reference never.
 */
export async function sharedCaseView(
  services: Services,
  actor: Actor,
  caseId: string,
  preview: ShareCeiling | undefined,
): Promise<SharedCaseView> {
  return onCase(services, actor, caseId, { shared: true }, async (trx, access) => {
    const ceiling = access.ceiling ?? preview ?? 'AMBER';
    const parts = sharedParts(ceiling, access.classification);
    const base = await trx
      .selectFrom('cases')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .select(['cases.template', 'organisations.id as owner_id', 'organisations.name as owner_name'])
      .where('cases.id', '=', caseId)
      .executeTakeFirstOrThrow();
    const view: SharedCaseView = {
      id: access.caseId,
      reference: access.reference,
      status: access.status,
      classification: access.classification,
      template: base.template,
      owner: { id: base.owner_id, name: base.owner_name },
      ceiling,
      parts,
    };
    if (parts.includes('prosecution')) {
      const p = await loadProsecution(trx, caseId, { restricted: false });
      view.prosecution = {
        court: p.court,
        courtCaseNumber: p.courtCaseNumber,
        charges: p.charges.map((c) => ({
          accused: c.subject.label,
          statute: `${c.statute.jurisdiction} ${c.statute.code}${c.statute.section ? ` ${c.statute.section}` : ''}`,
          counts: c.counts,
          verdict: c.verdict,
          sentence: c.sentence,
          appeal: c.appeal?.status ?? null,
        })),
        hearings: p.hearings.map(({ at, kind, outcome }) => ({ at, kind, outcome })),
      };
    }
    if (parts.includes('timeline')) {
      const events = await trx
        .selectFrom('case_events')
        .select(['at', 'kind', 'summary', 'actor_name'])
        .where('case_id', '=', caseId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      view.timeline = events
        .filter((e) => sharedEvent(e.kind))
        .map((e) => ({ at: e.at.toISOString(), kind: e.kind, summary: e.summary, actor: e.actor_name }));
    }
    if (parts.includes('evidence')) {
      view.evidence = (await loadEvidence(trx, caseId, { restricted: false })).map((e) => ({
        label: e.label,
        description: e.description,
        sha256: e.sha256,
        custodian: e.custodian,
        custodyEntries: e.custody.length,
      }));
    }
    return {
      result: view,
      audit: [
        {
          action: 'case.shared-read',
          details: { ceiling, parts, ownerOrganisationId: access.organisationId, preview: access.owner },
        },
      ],
    };
  });
}
