import { AuditInputError } from '@skype-manager/audit';
import { invalidInput, type FieldError } from '../http/problem';

/**
 * Query strings of the audit routes, checked by hand: every value arrives as a string, and like the
 * bodies, an unknown parameter is refused rather than silently ignored.
 */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
const MAX_NAME_LENGTH = 200;

export interface LogPageQuery {
  after: number;
  limit: number;
  streamId?: string;
  type?: string;
}

export interface StreamPageQuery {
  /** Revisions after this one (-1: from the start). */
  after: number;
  limit: number;
}

type Raw = Record<string, unknown>;

export function parseLogPageQuery(query: Raw): LogPageQuery {
  const errors: FieldError[] = [];
  refuseUnknown(query, ['after', 'limit', 'streamId', 'type', 'minPosition'], errors);
  const parsed: LogPageQuery = {
    after: integer(query, 'after', 0, 0, errors),
    limit: integer(query, 'limit', DEFAULT_PAGE_LIMIT, 1, errors, MAX_PAGE_LIMIT),
  };
  const streamId = name(query, 'streamId', errors);
  const type = name(query, 'type', errors);
  if (streamId !== undefined) parsed.streamId = streamId;
  if (type !== undefined) parsed.type = type;
  if (errors.length > 0) throw invalidInput(errors);
  return parsed;
}

export function parseStreamPageQuery(query: Raw): StreamPageQuery {
  const errors: FieldError[] = [];
  refuseUnknown(query, ['after', 'limit', 'minPosition'], errors);
  const parsed = { after: integer(query, 'after', -1, 0, errors), limit: integer(query, 'limit', DEFAULT_PAGE_LIMIT, 1, errors, MAX_PAGE_LIMIT) };
  if (errors.length > 0) throw invalidInput(errors);
  return parsed;
}

/** The audit library's input errors (an `asOf` that is not an instant…) as a 400. */
export function asInvalidInput(error: unknown): unknown {
  return error instanceof AuditInputError ? invalidInput([{ field: error.field, message: error.message }]) : error;
}

function refuseUnknown(query: Raw, known: readonly string[], errors: FieldError[]): void {
  for (const field of Object.keys(query)) {
    if (!known.includes(field)) errors.push({ field, message: `unknown query parameter ${field}` });
  }
}

function integer(query: Raw, field: string, fallback: number, min: number, errors: FieldError[], max = Number.MAX_SAFE_INTEGER): number {
  const value = query[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
    errors.push({ field, message: `${field} must be an integer from ${min} to ${max}` });
    return fallback;
  }
  return Number(value);
}

function name(query: Raw, field: string, errors: FieldError[]): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH) {
    errors.push({ field, message: `${field} must be a string of 1 to ${MAX_NAME_LENGTH} characters` });
    return undefined;
  }
  return value;
}
