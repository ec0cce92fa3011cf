import type { ZodError } from 'zod';

/** Stable error codes, each with its HTTP status: the one place where the mapping lives. */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  authentication_required: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  idempotency_conflict: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

/** "reportedPersons[0].identifiers[2].value" from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** The first zod issue as a client-facing error naming the field (`where` prefixes query/params fields). */
export function fromZodError(error: ZodError, where?: string): AppError {
  const issue = error.issues[0]!;
  let path = [...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]!];
    message = 'is not a known field';
  } else if (issue.code === 'invalid_type' && issue.input === undefined && path.length) {
    message = 'is required';
  }
  const field = [where, fieldPath(path)].filter(Boolean).join('.') || undefined;
  if (!field) return new AppError('validation_failed', `The body must be a JSON object: ${message}`);
  return new AppError('validation_failed', `${field}: ${message}`, field);
}
