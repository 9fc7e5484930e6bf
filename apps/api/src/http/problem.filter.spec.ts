import { HttpException, NotFoundException } from '@nestjs/common';
import { IdempotencyConflictError, RetriesExhaustedError, WriterOverloadedError } from '@skype-manager/application';
import { DomainError } from '@skype-manager/domain';
import { ConcurrencyError } from '@skype-manager/event-store';
import { toProblem } from './problem.filter';

const type = (name: string) => `https://skype-manager.dev/problems/${name}`;

describe('Errors as problems', () => {
  it('maps a refused business rule to 422, the rule at the end of the type, its details as extensions', () => {
    const { problem } = toProblem(
      new DomainError('rule', 'insufficient-credit', 'not enough', { availableMinor: 5, status: 'ignored' }),
    );
    expect(problem).toEqual({
      type: type('insufficient-credit'),
      title: 'Refused by a business rule',
      status: 422,
      detail: 'not enough',
      rule: 'insufficient-credit',
      availableMinor: 5,
    });
  });

  it('maps what does not exist to 404 and malformed domain input to 400 with its field', () => {
    expect(toProblem(new DomainError('not-found', 'member-not-found', 'no member')).problem).toMatchObject({
      status: 404,
      type: type('member-not-found'),
    });
    expect(toProblem(new DomainError('invalid', 'invalid-input', 'bad', { field: 'prices.x' })).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'prices.x', message: 'bad' }],
    });
  });

  it('maps conflicts to 409 and an overloaded writer to 429 with Retry-After', () => {
    expect(toProblem(new IdempotencyConflictError('k')).problem).toMatchObject({ status: 409, type: type('idempotency-conflict') });
    expect(toProblem(new RetriesExhaustedError(5)).problem).toMatchObject({ status: 409, type: type('concurrency-conflict') });
    expect(toProblem(new ConcurrencyError('s', 1, 2)).problem.status).toBe(409);
    const overloaded = toProblem(new WriterOverloadedError(10_000));
    expect(overloaded.problem.status).toBe(429);
    expect(overloaded.headers).toEqual({ 'retry-after': '1' });
  });

  it("maps Fastify's body errors to 400 (oversized bodies and wrong content types included)", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toProblem(new HttpException('x', 413, { cause: tooLarge })).problem).toMatchObject({
      status: 400,
      type: type('body-too-large'),
    });
    expect(toProblem(new HttpException('Unsupported Media Type', 415)).problem).toMatchObject({ status: 400 });
  });

  it('keeps unknown routes 404 and hides anything unexpected behind a 500', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({ status: 404, type: type('not-found') });
    expect(toProblem(new Error('secret internals')).problem).toEqual({
      type: type('internal-error'),
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side',
    });
  });
});
