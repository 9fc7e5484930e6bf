/** The same Idempotency-Key was used with a different request (HTTP 409). */
export class IdempotencyConflictError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency-Key '${key}' was already used with a different request`);
    this.name = 'IdempotencyConflictError';
  }
}

/** The command kept meeting concurrent writes after every retry (HTTP 409). */
export class RetriesExhaustedError extends Error {
  constructor(readonly attempts: number) {
    super(`the command met concurrent changes ${attempts} times; try again`);
    this.name = 'RetriesExhaustedError';
  }
}

/** Too many commands are waiting for this Manager (HTTP 429/503). */
export class WriterOverloadedError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} commands are already waiting for this Manager; slow down`);
    this.name = 'WriterOverloadedError';
  }
}
