import { HashSetCreateInput, HashSetUpdateInput, type HashSetList, type HashSetView } from '@sinag/core';
import type { Transaction } from 'kysely';
import { appendAudit, audited } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import type { HashSetsChangeReason } from '../events.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { OrganisationActor } from '../auth/actor.ts';
import { selectHashSets, toHashSetView } from './repository.ts';
import { isUniqueViolation } from '../db/errors.ts';

const NOT_FOUND = 'No such hash set, or it belongs to another organisation.';

/** The set, locked for the rest of the transaction when `forUpdate`; 404 for another organisation's. */
export async function findHashSet(
  trx: Transaction<Database>,
  who: OrganisationActor,
  id: string,
  forUpdate = false,
): Promise<HashSetView> {
  let query = selectHashSets(trx, who.organisationId).where('s.id', '=', id);
  if (forUpdate) query = query.forUpdate('s');
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return toHashSetView(row);
}

export async function findHashSetByName(services: Services, who: OrganisationActor, name: string) {
  const row = await selectHashSets(services.db, who.organisationId)
    .where('s.name', '=', name.trim())
    .executeTakeFirst();
  return row && toHashSetView(row);
}

async function checkScheme(trx: Transaction<Database>, scheme: string): Promise<void> {
  const found = await trx
    .selectFrom('category_schemes')
    .select('id')
    .where('id', '=', scheme)
    .executeTakeFirst();
  if (!found)
    throw new AppError(
      'validation_failed',
      `scheme: no category scheme "${scheme}" (GET /api/v1/category-schemes lists them)`,
      'scheme',
    );
}

/** A name is unique within its organisation: the unique index decides, and says so as a 409. */
async function nameTaken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'name: your organisation already has a hash set of this name', 'name');
    throw error;
  }
}

function changed(
  services: Services,
  who: OrganisationActor,
  hashSetId: string,
  reason: HashSetsChangeReason,
) {
  services.events.emit('hashSetsChanged', { hashSetId, organisationId: who.organisationId, reason });
}

export async function createHashSet(
  services: Services,
  who: OrganisationActor,
  input: HashSetCreateInput,
): Promise<HashSetView> {
  const parsed = HashSetCreateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  const created = await nameTaken(() =>
    audited(services.db, who.by, async (trx) => {
      await checkScheme(trx, data.scheme);
      const { id } = await trx
        .insertInto('hash_sets')
        .values({
          organisation_id: who.organisationId,
          name: data.name,
          source: data.source,
          scheme_id: data.scheme,
          kind: data.kind,
          pdq_threshold: data.pdqThreshold,
          enabled: data.enabled,
          created_by: who.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const result = await findHashSet(trx, who, id);
      const { name: _name, ...details } = data;
      return {
        result,
        events: [{ action: 'hashset.create', entityType: 'hash-set', entityId: id, details }],
      };
    }),
  );
  changed(services, who, created.id, 'created');
  return created;
}

export async function listHashSets(services: Services, who: OrganisationActor): Promise<HashSetList> {
  return audited(services.db, who.by, async (trx) => {
    const rows = await selectHashSets(trx, who.organisationId).orderBy('s.name').execute();
    return {
      result: { items: rows.map(toHashSetView) },
      events: [{ action: 'hashset.list', entityType: 'hash-set', details: { returned: rows.length } }],
    };
  });
}

export async function getHashSet(
  services: Services,
  who: OrganisationActor,
  id: string,
): Promise<HashSetView> {
  return audited(services.db, who.by, async (trx) => ({
    result: await findHashSet(trx, who, id),
    events: [{ action: 'hashset.read', entityType: 'hash-set', entityId: id }],
  }));
}

export async function updateHashSet(
  services: Services,
  who: OrganisationActor,
  id: string,
  input: HashSetUpdateInput,
): Promise<HashSetView> {
  const parsed = HashSetUpdateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  const updated = await nameTaken(() =>
    audited(services.db, who.by, async (trx) => {
      await findHashSet(trx, who, id, true);
      if (data.scheme) await checkScheme(trx, data.scheme);
      await trx
        .updateTable('hash_sets')
        .set({
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.source !== undefined ? { source: data.source } : {}),
          ...(data.scheme !== undefined ? { scheme_id: data.scheme } : {}),
          ...(data.pdqThreshold !== undefined ? { pdq_threshold: data.pdqThreshold } : {}),
          ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      const { name, ...details } = data;
      return {
        result: await findHashSet(trx, who, id),
        events: [
          {
            action: 'hashset.update',
            entityType: 'hash-set',
            entityId: id,
            details: { ...details, renamed: name !== undefined },
          },
        ],
      };
    }),
  );
  changed(services, who, id, 'updated');
  return updated;
}

export async function deleteHashSet(
  services: Services,
  who: OrganisationActor,
  id: string,
): Promise<{ id: string; deleted: true; entries: number }> {
  const result = await services.db.transaction().execute(async (trx) => {
    const set = await findHashSet(trx, who, id, true);
    await trx.deleteFrom('hash_sets').where('id', '=', id).execute();
    await appendAudit(trx, who.by, [
      {
        action: 'hashset.delete',
        entityType: 'hash-set',
        entityId: id,
        details: { entries: set.entryCount },
      },
    ]);
    return { id, deleted: true as const, entries: set.entryCount };
  });
  changed(services, who, id, 'deleted');
  return result;
}
