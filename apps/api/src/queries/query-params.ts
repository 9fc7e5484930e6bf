import { InvalidQueryError } from '@skype-manager/projections';
import { invalidInput, type FieldError } from '../http/problem';

/**
 * Query strings of the read endpoints, checked by hand like the audit routes': every value arrives as
 * a string, a repeated or unknown parameter is refused (400 naming it) rather than silently ignored.
 */
type Raw = Record<string, unknown>;

export class QueryParams {
  private readonly errors: FieldError[] = [];

  constructor(
    private readonly raw: Raw,
    known: readonly string[],
  ) {
    for (const field of Object.keys(raw ?? {})) {
      if (field !== 'minPosition' && !known.includes(field)) this.errors.push({ field, message: `unknown query parameter ${field}` });
    }
  }

  /** A single non-empty string of at most `maxLength` characters, or undefined when absent. */
  string(field: string, maxLength = 200): string | undefined {
    const value = this.raw?.[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      this.errors.push({ field, message: `${field} must be given once, as 1 to ${maxLength} characters` });
      return undefined;
    }
    return value;
  }

  /** An integer from `min` to `max`, or undefined when absent. */
  integer(field: string, min: number, max: number): number | undefined {
    const value = this.raw?.[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
      this.errors.push({ field, message: `${field} must be an integer from ${min} to ${max}` });
      return undefined;
    }
    return Number(value);
  }

  /** Throws the 400 naming every bad parameter, if any. */
  check(): void {
    if (this.errors.length > 0) throw invalidInput(this.errors);
  }
}

/** The projections' input refusals (`level`, `from`, `cursor`…) as a 400 naming the parameter. */
export function asInvalidQuery(error: unknown): unknown {
  return error instanceof InvalidQueryError ? invalidInput([{ field: error.field, message: error.message }]) : error;
}

/** Runs a read, answering the projections' input refusals with a 400. */
export async function refusingBadInput<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw asInvalidQuery(error);
  }
}
