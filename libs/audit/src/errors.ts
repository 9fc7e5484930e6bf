/** The caller asked for something malformed (an instant that is not ISO-8601, a bad page size…). */
export class AuditInputError extends Error {
  constructor(
    message: string,
    /** The input field at fault, for a 400's `errors` list. */
    readonly field: string,
  ) {
    super(message);
    this.name = 'AuditInputError';
  }
}

/** The Manager, or a stream of it, does not exist (a 404: never reveal another Manager's streams). */
export class AuditNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditNotFoundError';
  }
}
