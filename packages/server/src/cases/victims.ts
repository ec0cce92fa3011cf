import type {
  CaseVictimIdentity,
  RevealedIdentity,
  VictimInput,
  VictimRelationInput,
  VictimView,
} from '@sinag/core';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { seal, unseal } from './identity-vault.ts';
import { createdBefore, rememberCreated, replayed, type Once } from './idempotency.ts';
import { caseRelations, requireInCase, type Trx } from './people-common.ts';
import { onCase, recordNotFound } from './work.ts';
import { encryptionContext } from '../vault/contexts.ts';

async function loadVictims(trx: Trx, caseId: string, victimId?: string): Promise<VictimView[]> {
  let query = trx
    .selectFrom('case_victims as v')
    .leftJoin('victim_identities as i', 'i.victim_id', 'v.id')
    .select([
      'v.id',
      'v.pseudonym',
      'v.age_band',
      'v.sex',
      'v.referral_pseudonym',
      'v.created_at',
      'i.key_id',
    ])
    .where('v.case_id', '=', caseId);
  if (victimId) query = query.where('v.id', '=', victimId);
  const rows = await query.orderBy('v.pseudonym').execute();
  const relations = await caseRelations(trx, caseId);
  return rows.map((v) => {
    const own = relations.filter((r) => r.victimId === v.id);
    return {
      id: v.id,
      pseudonym: v.pseudonym,
      ageBand: v.age_band as VictimView['ageBand'],
      sex: v.sex as VictimView['sex'],
      referralPseudonym: v.referral_pseudonym,
      relations: own,
      guardianConflict: own.some((r) => r.isGuardian),
      hasIdentity: v.key_id !== null,
      createdAt: v.created_at.toISOString(),
    };
  });
}

async function loadVictim(trx: Trx, caseId: string, victimId: string): Promise<VictimView> {
  const [victim] = await loadVictims(trx, caseId, victimId);
  if (!victim) throw recordNotFound('victim');
  return victim;
}

/** Replaces the victim's relations to subjects (each subject must be of the same case). */
async function setRelations(
  trx: Trx,
  caseId: string,
  victimId: string,
  relations: z.output<typeof VictimRelationInput>[],
) {
  await requireInCase(
    trx,
    'case_subjects',
    caseId,
    relations.map((r) => r.subjectId),
    'relations',
  );
  await trx.deleteFrom('victim_subject_relations').where('victim_id', '=', victimId).execute();
  if (relations.length)
    await trx
      .insertInto('victim_subject_relations')
      .values(
        relations.map((r) => ({
          victim_id: victimId,
          subject_id: r.subjectId,
          relationship: r.relationship,
          is_guardian: r.isGuardian,
        })),
      )
      .onConflict((oc) => oc.columns(['victim_id', 'subject_id']).doNothing())
      .execute();
}

async function storeIdentity(
  services: Services,
  trx: Trx,
  actor: Actor,
  victimId: string,
  identity: CaseVictimIdentity,
) {
  const sealed = seal(services, identity, encryptionContext.caseVictimIdentity(victimId));
  await trx
    .insertInto('victim_identities')
    .values({
      victim_id: victimId,
      key_id: sealed.keyId,
      ciphertext: sealed.ciphertext,
      updated_by: actor.userId,
    })
    .onConflict((oc) =>
      oc.column('victim_id').doUpdateSet({
        key_id: sealed.keyId,
        ciphertext: sealed.ciphertext,
        updated_by: actor.userId,
        updated_at: new Date(),
      }),
    )
    .execute();
}

const guardianFlag = (relations: { isGuardian: boolean }[]) => relations.some((r) => r.isGuardian);

export async function listVictims(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx) => {
    const items = await loadVictims(trx, caseId);
    return {
      result: { items },
      audit: [
        { action: 'victim.list', entityType: 'case', entityId: caseId, details: { count: items.length } },
      ],
    };
  });
}

/** Adds a child to the case under a new pseudonym; any identity goes straight into the vault. */
export async function createVictim(
  services: Services,
  actor: Actor,
  caseId: string,
  input: z.output<typeof VictimInput>,
  once?: Once,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    const before = await createdBefore(trx, actor, once);
    if (before)
      return { result: await loadVictim(trx, caseId, before), audit: [replayed('case-victim', before)] };
    if (input.referralPseudonym) {
      const linked = await trx
        .selectFrom('referral_victims as rv')
        .innerJoin('case_referrals as cr', 'cr.referral_id', 'rv.referral_id')
        .select('rv.pseudonym')
        .where('cr.case_id', '=', caseId)
        .where('rv.pseudonym', '=', input.referralPseudonym)
        .executeTakeFirst();
      if (!linked)
        throw new AppError(
          'validation_failed',
          'referralPseudonym: no victim of this case’s referrals has that pseudonym',
          'referralPseudonym',
        );
    }
    const { id, pseudonym } = await trx
      .insertInto('case_victims')
      .values({
        case_id: caseId,
        age_band: input.ageBand,
        sex: input.sex,
        referral_pseudonym: input.referralPseudonym ?? null,
        created_by: actor.userId,
      })
      .returning(['id', 'pseudonym'])
      .executeTakeFirstOrThrow();
    await setRelations(trx, caseId, id, input.relations);
    if (input.identity) await storeIdentity(services, trx, actor, id, input.identity);
    await rememberCreated(trx, actor, once, id);
    return {
      result: await loadVictim(trx, caseId, id),
      events: [
        {
          kind: 'victim.add',
          summary: `Victim ${pseudonym} added${guardianFlag(input.relations) ? ' (a guardian is a subject)' : ''}`,
          detail: { victimId: id },
        },
      ],
      audit: [
        {
          action: 'victim.create',
          entityType: 'case-victim',
          entityId: id,
          details: {
            caseId,
            identity: Boolean(input.identity),
            relations: input.relations.length,
            guardianConflict: guardianFlag(input.relations),
          },
        },
      ],
    };
  });
}

export async function updateVictimRelations(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  relations: z.output<typeof VictimRelationInput>[],
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    await setRelations(trx, caseId, victimId, relations);
    const victim = await loadVictim(trx, caseId, victimId);
    return {
      result: victim,
      events: [
        {
          kind: 'victim.relations',
          summary: `Relations of ${victim.pseudonym} to subjects updated`,
          detail: { victimId },
        },
      ],
      audit: [
        {
          action: 'victim.relations.update',
          entityType: 'case-victim',
          entityId: victimId,
          details: { caseId, relations: relations.length, guardianConflict: victim.guardianConflict },
        },
      ],
    };
  });
}

/** Writes (replaces) the identity in the vault. The audit entry records that it changed, never what. */
export async function setVictimIdentity(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  identity: CaseVictimIdentity,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    await storeIdentity(services, trx, actor, victimId, identity);
    return {
      result: await loadVictim(trx, caseId, victimId),
      audit: [{ action: 'vault.write', entityType: 'case-victim', entityId: victimId, details: { caseId } }],
    };
  });
}

/**
 * Decrypts a child's identity for a caller with `vault:read` who states why. The reason goes into the audit
 * entry (the contents never do), so every look into the vault can be reviewed.
 */
export async function revealVictimIdentity(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  reason: string,
): Promise<RevealedIdentity> {
  return onCase(services, actor, caseId, { ownerOnly: true }, async (trx) => {
    const row = await trx
      .selectFrom('case_victims as v')
      .leftJoin('victim_identities as i', 'i.victim_id', 'v.id')
      .select(['v.pseudonym', 'i.key_id', 'i.ciphertext'])
      .where('v.case_id', '=', caseId)
      .where('v.id', '=', victimId)
      .executeTakeFirst();
    if (!row) throw recordNotFound('victim');
    const identity =
      row.key_id && row.ciphertext
        ? unseal<CaseVictimIdentity>(
            services,
            { keyId: row.key_id, ciphertext: row.ciphertext },
            encryptionContext.caseVictimIdentity(victimId),
          )
        : null;
    return {
      result: { victimId, pseudonym: row.pseudonym, identity },
      audit: [
        {
          action: 'vault.read',
          entityType: 'case-victim',
          entityId: victimId,
          details: { caseId, reason, held: identity !== null },
        },
      ],
    };
  });
}
