import {
  checkPlacement,
  normaliseIdentifier,
  type AftercareServiceInput,
  type AftercareStage,
  type AftercareStageInput,
  type AftercareView,
  type PlacementInput,
} from '@sinag/core';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { seal, unseal } from './identity-vault.ts';
import { day, requireInCase, subjectsForConflict, type Trx } from './people-common.ts';
import { onCase } from './work.ts';
import { encryptionContext } from '../vault/contexts.ts';

/**
 * Survivor aftercare, for social workers only (the routes ask `aftercare:*`). Where a child is placed and how to
 * reach the placement are sealed in the identity vault; the timeline only says that aftercare changed.
 */
interface PlacementDetails {
  location: string;
  contact: string | null;
  caregiverName: string | null;
}

const updated = (victimId: string) => [
  { kind: 'aftercare.update', summary: 'Aftercare record updated', detail: { victimId } },
];

async function loadAftercare(
  services: Services,
  trx: Trx,
  caseId: string,
  victimId?: string,
): Promise<AftercareView[]> {
  let query = trx
    .selectFrom('case_victims as v')
    .leftJoin('aftercare_reintegration as r', 'r.victim_id', 'v.id')
    .select(['v.id', 'v.pseudonym', day('r.reintegrated_on').as('reintegrated_on')])
    .where('v.case_id', '=', caseId);
  if (victimId) query = query.where('v.id', '=', victimId);
  const victims = await query.orderBy('v.pseudonym').execute();
  if (!victims.length) return [];
  const ids = victims.map((v) => v.id);
  const stages = await trx
    .selectFrom('aftercare_stages as s')
    .leftJoin('users as u', 'u.id', 's.recorded_by')
    .select(['s.victim_id', 's.stage', day('s.entered_on').as('entered_on'), 's.note', 'u.username'])
    .where('s.victim_id', 'in', ids)
    .orderBy('s.id')
    .execute();
  const placements = await trx
    .selectFrom('aftercare_placements')
    .select([
      'id',
      'victim_id',
      'kind',
      day('placed_on').as('placed_on'),
      day('ended_on').as('ended_on'),
      'conflict_flag',
      'key_id',
      'details_ciphertext',
    ])
    .where('victim_id', 'in', ids)
    .orderBy('placed_on')
    .orderBy('recorded_at')
    .execute();
  const services_ = await trx
    .selectFrom('aftercare_services')
    .select(['id', 'victim_id', 'service', day('delivered_on').as('delivered_on'), 'provider', 'note'])
    .where('victim_id', 'in', ids)
    .orderBy('delivered_on')
    .orderBy('recorded_at')
    .execute();
  return victims.map((v) => {
    const own = stages.filter((s) => s.victim_id === v.id);
    return {
      victimId: v.id,
      pseudonym: v.pseudonym,
      stage: (own.at(-1)?.stage as AftercareStage | undefined) ?? null,
      stages: own.map((s) => ({
        stage: s.stage as AftercareStage,
        enteredOn: s.entered_on,
        note: s.note,
        recordedBy: s.username,
      })),
      placements: placements
        .filter((p) => p.victim_id === v.id)
        .map((p) => ({
          id: p.id,
          kind: p.kind as AftercareView['placements'][number]['kind'],
          placedOn: p.placed_on,
          endedOn: p.ended_on,
          conflictFlag: p.conflict_flag,
          ...unseal<PlacementDetails>(
            services,
            { keyId: p.key_id, ciphertext: p.details_ciphertext },
            encryptionContext.placement(p.id),
          ),
        })),
      services: services_
        .filter((s) => s.victim_id === v.id)
        .map((s) => ({
          id: s.id,
          service: s.service,
          deliveredOn: s.delivered_on,
          provider: s.provider,
          note: s.note,
        })),
      reintegratedOn: v.reintegrated_on,
    };
  });
}

async function loadOne(services: Services, trx: Trx, caseId: string, victimId: string) {
  const [view] = await loadAftercare(services, trx, caseId, victimId);
  return view!;
}

export async function listAftercare(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, { ownerOnly: true }, async (trx) => {
    const items = await loadAftercare(services, trx, caseId);
    return {
      result: { items },
      audit: [
        {
          action: 'aftercare.read',
          entityType: 'case',
          entityId: caseId,
          details: { victims: items.length },
        },
      ],
    };
  });
}

/** Runs one aftercare change for a victim of the case, with the victim's record as the answer. */
async function changeAftercare(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  action: string,
  change: (trx: Trx) => Promise<Record<string, unknown>>,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    const details = await change(trx);
    return {
      result: await loadOne(services, trx, caseId, victimId),
      events: updated(victimId),
      audit: [{ action, entityType: 'case-victim', entityId: victimId, details: { caseId, ...details } }],
    };
  });
}

export function recordStage(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  input: z.output<typeof AftercareStageInput>,
) {
  return changeAftercare(services, actor, caseId, victimId, 'aftercare.stage', async (trx) => {
    await trx
      .insertInto('aftercare_stages')
      .values({
        victim_id: victimId,
        stage: input.stage,
        entered_on: input.enteredOn,
        note: input.note ?? null,
        recorded_by: actor.userId,
      })
      .execute();
    return { stage: input.stage };
  });
}

/**
 * Records a placement after the guardian conflict check: placing a child with a subject of the case is refused
 * (409); placing it with relatives while a relative or guardian is a subject is stored with a flag.
 */
export function recordPlacement(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  input: z.output<typeof PlacementInput>,
) {
  return changeAftercare(services, actor, caseId, victimId, 'aftercare.placement', async (trx) => {
    const caregiver = input.caregiver && {
      ...input.caregiver,
      identifiers: input.caregiver.identifiers.map((c, i) => {
        const normal = normaliseIdentifier(c.kind, c.value, {
          defaultCountry: services.config.defaultCountry,
          service: c.service,
        });
        const field = `caregiver.identifiers.${i}.value`;
        if (!normal.ok) throw new AppError('validation_failed', `${field}: ${normal.reason}`, field);
        return { kind: c.kind, value: normal.value };
      }),
    };
    const check = checkPlacement(input.kind, caregiver, await subjectsForConflict(trx, caseId, victimId));
    if (check.outcome === 'refused')
      throw new AppError('conflict', `caregiver: placement refused: ${check.reason}`, 'caregiver');
    const { id } = await trx
      .insertInto('aftercare_placements')
      .values({
        victim_id: victimId,
        kind: input.kind,
        placed_on: input.placedOn,
        key_id: '',
        details_ciphertext: '',
        conflict_flag: check.outcome === 'flagged' ? check.reason : null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Sealed once the id is known, since the ciphertext is bound to its row.
    const details: PlacementDetails = {
      location: input.location,
      contact: input.contact ?? null,
      caregiverName: input.caregiver?.name ?? null,
    };
    const sealed = seal(services, details, encryptionContext.placement(id));
    await trx
      .updateTable('aftercare_placements')
      .set({ key_id: sealed.keyId, details_ciphertext: sealed.ciphertext })
      .where('id', '=', id)
      .execute();
    return { placementId: id, kind: input.kind, flagged: check.outcome === 'flagged' };
  });
}

export function endPlacement(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  placementId: string,
  endedOn: string,
) {
  return changeAftercare(services, actor, caseId, victimId, 'aftercare.placement.end', async (trx) => {
    const ended = await trx
      .updateTable('aftercare_placements')
      .set({ ended_on: endedOn })
      .where('id', '=', placementId)
      .where('victim_id', '=', victimId)
      .where('ended_on', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw new AppError('not_found', 'No current placement with that id for this victim.');
    return { placementId };
  });
}

export function recordService(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  input: z.output<typeof AftercareServiceInput>,
) {
  return changeAftercare(services, actor, caseId, victimId, 'aftercare.service', async (trx) => {
    await trx
      .insertInto('aftercare_services')
      .values({
        victim_id: victimId,
        service: input.service,
        delivered_on: input.deliveredOn,
        provider: input.provider ?? null,
        note: input.note ?? null,
        recorded_by: actor.userId,
      })
      .execute();
    return { service: input.service };
  });
}

export function recordReintegration(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  reintegratedOn: string,
) {
  return changeAftercare(services, actor, caseId, victimId, 'aftercare.reintegration', async (trx) => {
    await trx
      .insertInto('aftercare_reintegration')
      .values({ victim_id: victimId, reintegrated_on: reintegratedOn, recorded_by: actor.userId })
      .onConflict((oc) =>
        oc.column('victim_id').doUpdateSet({ reintegrated_on: reintegratedOn, recorded_by: actor.userId }),
      )
      .execute();
    return {};
  });
}
