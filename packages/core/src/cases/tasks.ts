import { z } from 'zod';

export const TASK_FIELD_TYPES = ['text', 'date', 'number', 'choice'] as const;
export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A field that must be filled before its task can be completed. */
export const TaskField = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-zA-Z][a-zA-Z0-9]{0,39}$/,
        'must be letters and digits, starting with a letter (at most 40)',
      ),
    label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    type: z.enum(TASK_FIELD_TYPES),
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .strict()
  .refine((f) => (f.type === 'choice') === Boolean(f.options), {
    message: 'options are given for a choice field, and only for one',
    path: ['options'],
  });
export type TaskField = z.infer<typeof TaskField>;

/** A filled value as kept: text, a date as YYYY-MM-DD, a number, or one of a choice's options. */
export type TaskValues = Record<string, string | number>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a value does not fit its field, or undefined if it does. */
export function fieldValueProblem(field: TaskField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.trim() && value.length <= 2000
        ? undefined
        : 'must be text of 1 to 2000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date as YYYY-MM-DD';
    case 'choice':
      return typeof value === 'string' && field.options?.includes(value)
        ? undefined
        : `must be one of: ${field.options?.join(', ')}`;
  }
}

/**
 * Checks values against a task's fields: the first problem as `{ field, message }`. A value for no field is a
 * problem; a missing value is one only when `complete` (a task can be filled in over time).
 */
export function taskValuesProblem(
  fields: readonly TaskField[],
  values: Record<string, unknown>,
  complete: boolean,
): { field: string; message: string } | undefined {
  for (const name of Object.keys(values)) {
    if (!fields.some((f) => f.name === name)) return { field: name, message: 'is not a field of this task' };
  }
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') {
      if (complete)
        return { field: field.name, message: `${field.label} must be filled before completing the task` };
      continue;
    }
    const problem = fieldValueProblem(field, value);
    if (problem) return { field: field.name, message: `${field.label} ${problem}` };
  }
  return undefined;
}
