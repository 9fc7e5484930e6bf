import {
  applyDecorators,
  Inject,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../core/tokens';
import { invalidInput, problem, ProblemException } from '../http/problem';
import { READ_POSITION, type ReadPosition } from './read-position';

/** Parses `?minPosition=` (a non-negative integer) or answers 400. */
export function parseMinPosition(raw: unknown): number | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw invalidInput([{ field: 'minPosition', message: 'minPosition must be a non-negative integer' }]);
  }
  return Number(raw);
}

/** Holds a query until its data reflects `?minPosition=`, or answers 503 after the configured wait. */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_POSITION) private readonly readPosition: ReadPosition,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown>;
    const minPosition = parseMinPosition(query?.minPosition);
    if (minPosition === null) return next.handle();
    return from(this.readPosition.waitFor(minPosition, this.config.minPositionTimeoutMs)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new ProblemException(
            problem(503, 'read-models-behind', `The data has not reached position ${minPosition} yet; retry shortly`),
            { 'retry-after': '1' },
          );
        }
        return next.handle();
      }),
    );
  }
}

/** Put on every query route: accepts `?minPosition=N`. */
export const WaitsForMinPosition = () =>
  applyDecorators(
    UseInterceptors(MinPositionInterceptor),
    ApiQuery({
      name: 'minPosition',
      required: false,
      type: 'integer',
      description: 'Wait (bounded, then 503) until the data reflects this log position (a command answer `position`)',
    }),
  );
