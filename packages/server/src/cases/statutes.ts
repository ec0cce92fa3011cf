import type { StatuteFields, StatuteView } from '@sinag/core';
import type { Selectable } from 'kysely';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { StatutesTable } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';

const toView = (row: Selectable<StatutesTable>): StatuteView => ({
  id: row.id,
  jurisdiction: row.jurisdiction,
  code: row.code,
  section: row.section,
  title: row.title,
  note: row.note,
  active: row.active,
});

/** The catalogue, by jurisdiction, act and section; retired offences only when asked for. */
export async function listStatutes(services: Services, includeRetired: boolean) {
  let query = services.db.selectFrom('statutes').selectAll();
  if (!includeRetired) query = query.where('active', '=', true);
  const rows = await query.orderBy('jurisdiction').orderBy('code').orderBy('section').execute();
  return { items: rows.map(toView) };
}

const duplicate = (input: StatuteFields) =>
  new AppError(
    'conflict',
    `section: ${input.jurisdiction} ${input.code} ${input.section || '(whole act)'} is already in the catalogue`,
    'section',
  );

/** Adds an offence; sending the same one again returns it (a retry), a clash with a different title is a 409. */
export async function createStatute(services: Services, actor: Actor, input: StatuteFields) {
  return services.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('statutes')
      .selectAll()
      .where('jurisdiction', '=', input.jurisdiction)
      .where('code', '=', input.code)
      .where('section', '=', input.section)
      .executeTakeFirst();
    if (existing) {
      if (existing.title !== input.title) throw duplicate(input);
      return { statute: toView(existing), created: false };
    }
    const row = await trx
      .insertInto('statutes')
      .values({ ...input, note: input.note ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, auditActor(actor), [
      { action: 'statute.create', entityType: 'statute', entityId: row.id, details: { ...input } },
    ]);
    return { statute: toView(row), created: true };
  });
}

/** Corrects or retires an offence. Charges keep pointing at it, so it is never deleted. */
export async function updateStatute(services: Services, actor: Actor, id: string, input: StatuteFields) {
  return services.db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('statutes')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw new AppError('not_found', 'No such statute in the catalogue.');
    const clash = await trx
      .selectFrom('statutes')
      .select('id')
      .where('jurisdiction', '=', input.jurisdiction)
      .where('code', '=', input.code)
      .where('section', '=', input.section)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (clash) throw duplicate(input);
    const row = await trx
      .updateTable('statutes')
      .set({ ...input, note: input.note ?? null, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, auditActor(actor), [
      { action: 'statute.update', entityType: 'statute', entityId: id, details: { ...input } },
    ]);
    return toView(row);
  });
}
