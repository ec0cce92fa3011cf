import { CategorySchemeCreateInput, type CategoryScheme } from '@sinag/core';
import type { Selectable } from 'kysely';
import { audited, type AuditActor } from '../audit/log.ts';
import type { CategorySchemesTable } from '../db/schema.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { isUniqueViolation } from '../db/errors.ts';

function toScheme(row: Selectable<CategorySchemesTable>): CategoryScheme {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtIn: row.built_in,
    categories: row.categories,
  };
}

/** Category schemes are reference data shared by every organisation: built-in ones and those admins add. */
export async function listCategorySchemes(
  services: Services,
  by: AuditActor,
): Promise<{ items: CategoryScheme[] }> {
  return audited(services.db, by, async (trx) => {
    const rows = await trx
      .selectFrom('category_schemes')
      .selectAll()
      .orderBy('built_in', 'desc')
      .orderBy('id')
      .execute();
    return {
      result: { items: rows.map(toScheme) },
      events: [{ action: 'category-scheme.list', entityType: 'category-scheme' }],
    };
  });
}

export async function createCategoryScheme(
  services: Services,
  by: AuditActor,
  input: CategorySchemeCreateInput,
): Promise<CategoryScheme> {
  const parsed = CategorySchemeCreateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  try {
    return await audited(services.db, by, async (trx) => {
      const row = await trx
        .insertInto('category_schemes')
        .values({
          id: data.id,
          name: data.name,
          description: data.description,
          categories: JSON.stringify(data.categories),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        result: toScheme(row),
        events: [
          {
            action: 'category-scheme.create',
            entityType: 'category-scheme',
            entityId: data.id,
            details: { categories: data.categories.length },
          },
        ],
      };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', `id: a category scheme "${data.id}" exists already`, 'id');
    throw error;
  }
}
