import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { IdempotencyConflictError, RetriesExhaustedError, WriterOverloadedError } from '@skype-manager/application';
import { DomainError } from '@skype-manager/domain';
import { ConcurrencyError } from '@skype-manager/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, type Problem } from './problem';

/** Fastify's own request errors (body parsing, limits): all are the client's fault, all are 400. */
const FASTIFY_REQUEST_ERRORS: Record<string, { name: string; field: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { name: 'body-too-large', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { name: 'unsupported-media-type', field: 'Content-Type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { name: 'invalid-content-length', field: 'Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { name: 'malformed-json', field: 'body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { name: 'malformed-json', field: 'body' },
};

interface FastifyError {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Maps every error to a problem: the status says what kind, the type says which rule or check. */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { problem: error.problem, headers: error.headers };
  if (error instanceof DomainError) return { problem: domainProblem(error), headers: {} };
  if (error instanceof IdempotencyConflictError) {
    return { problem: problem(409, 'idempotency-conflict', error.message), headers: {} };
  }
  if (error instanceof RetriesExhaustedError || error instanceof ConcurrencyError) {
    return {
      problem: problem(409, 'concurrency-conflict', 'The command met concurrent changes; try again'),
      headers: {},
    };
  }
  if (error instanceof WriterOverloadedError) {
    return { problem: problem(429, 'too-many-requests', error.message), headers: { 'retry-after': '1' } };
  }
  // Fastify's request errors reach Nest wrapped in an HttpException whose cause is the original.
  const fastify = (error instanceof HttpException ? error.cause : error) as FastifyError | undefined;
  const known = typeof fastify?.code === 'string' ? FASTIFY_REQUEST_ERRORS[fastify.code] : undefined;
  if (known) return { problem: badRequest(known.name, known.field, fastify!.message), headers: {} };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 413 || status === 415) {
      const name = status === 413 ? 'body-too-large' : 'unsupported-media-type';
      return { problem: badRequest(name, 'body', error.message), headers: {} };
    }
    const name = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : 'invalid-request';
    const body = status === 400 ? badRequest(name, 'request', error.message) : problem(status, name, error.message);
    return { problem: body, headers: {} };
  }
  return { problem: problem(500, 'internal-error', 'Something went wrong on our side'), headers: {} };
}

function badRequest(name: string, field: string, message: string): Problem {
  return problem(400, name, message, { errors: [{ field, message }] });
}

const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors', 'rule']);

/** A rule's details become problem extensions (e.g. `availableMinor`), never overriding the standard members. */
function extensionsOf(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !RESERVED_MEMBERS.has(key)));
}

function domainProblem(error: DomainError): Problem {
  const details = error.details;
  switch (error.kind) {
    case 'invalid': {
      const field = typeof details.field === 'string' ? details.field : 'body';
      return problem(400, 'invalid-input', error.message, { errors: [{ field, message: error.message }] });
    }
    case 'not-found':
      return problem(404, error.rule, error.message);
    case 'rule':
      return problem(422, error.rule, error.message, { rule: error.rule, ...extensionsOf(details) });
  }
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { problem: body, headers } = toProblem(error);
    if (body.status >= 500) {
      request.log?.error({ err: error }, 'request failed');
      if (!request.log) this.logger.error(error);
    }
    reply.status(body.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
