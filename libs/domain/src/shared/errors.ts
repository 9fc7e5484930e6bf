/**
 * Errors a decider throws. `rule` is the kebab-case name of the business rule that refused the command;
 * the HTTP layer maps it to a problem `type` ending in that name.
 */
export type DomainErrorKind = 'rule' | 'not-found' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly rule: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A business rule refused the command (HTTP 422). */
export function refuse(rule: string, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('rule', rule, message, details);
}

/** The thing the command names does not exist in this Manager (HTTP 404). */
export function notFound(rule: string, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('not-found', rule, message, details);
}

/** The command's input is malformed in a way only the domain can tell (HTTP 400). */
export function invalid(field: string, message: string): never {
  throw new DomainError('invalid', 'invalid-input', message, { field });
}
