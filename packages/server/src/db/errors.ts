/** PostgreSQL's SQLSTATE for a duplicate key (both databases report it). */
const UNIQUE_VIOLATION = '23505';

/** Whether a database error is a duplicate key, optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && (constraint === undefined || violated === constraint);
}
