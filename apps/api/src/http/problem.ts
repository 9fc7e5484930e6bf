/**
 * Errors are answered as RFC 9457 problem details (`application/problem+json`). The `type` ends in the
 * name of what went wrong (for a refused business rule, the rule's name), so clients can switch on it.
 */
export const PROBLEM_TYPE_BASE = 'https://skype-manager.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Only for 400: what was wrong with which field. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'Refused by a business rule',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Not available',
};

export function problemType(name: string): string {
  return `${PROBLEM_TYPE_BASE}${name}`;
}

export function problem(
  status: number,
  name: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return { type: problemType(name), title: TITLES[status] ?? 'Error', status, detail, ...extensions };
}

/** Thrown anywhere in the HTTP layer to answer with a problem; the exception filter renders it. */
export class ProblemException extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

export const invalidInput = (errors: FieldError[], detail = 'The request is invalid; see errors') =>
  new ProblemException(problem(400, 'invalid-input', detail, { errors }));

export const unauthorized = (detail: string) =>
  new ProblemException(problem(401, 'unauthorized', detail), { 'www-authenticate': 'Bearer' });

export const forbidden = (detail: string) => new ProblemException(problem(403, 'forbidden', detail));

export const notFound = (name: string, detail: string) => new ProblemException(problem(404, name, detail));
