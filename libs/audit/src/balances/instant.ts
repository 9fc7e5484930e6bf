import { AuditInputError } from '../errors';

/** A full ISO-8601 instant with a time zone (`Z` or `±hh:mm`): a date alone would be ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an ISO-8601 instant; refuses anything else with a 400-ready error. */
export function parseInstant(value: unknown, field = 'asOf'): number {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new AuditInputError(`${field} must be an ISO-8601 instant with a time zone, e.g. 2025-03-15T10:00:00Z`, field);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AuditInputError(`${field} is not a valid instant: ${value}`, field);
  return ms;
}
