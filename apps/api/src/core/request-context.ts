import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { canonicalJson } from '@skype-manager/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sha256Hex } from '../auth/api-keys';
import type { Principal } from '../auth/principal';
import { invalidInput } from '../http/problem';

/** What a command handler needs to know about the HTTP request it serves. */
export interface RequestContext {
  /** Null on routes reached without a key (sign-up, invitation links). */
  principal: Principal | null;
  /** The request id (`x-request-id`), used as the correlation id of the events. */
  requestId: string;
  /** From the `Idempotency-Key` header, with the hash of the request it came with. */
  idempotency: { key: string; requestHash: string } | null;
  /** Called when the answer is the stored answer of an earlier request with the same key. */
  markReplayed(): void;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** The request's identity for idempotency: method, path and body with its keys in canonical order. */
export function requestHash(method: string, url: string, body: unknown): string {
  return sha256Hex(`${method} ${url}\n${body === undefined ? '' : canonicalJson(body)}`);
}

function idempotencyOf(request: FastifyRequest): RequestContext['idempotency'] {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE_ASCII.test(key)) {
    throw invalidInput([
      {
        field: 'Idempotency-Key',
        message: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
      },
    ]);
  }
  return { key, requestHash: requestHash(request.method, request.url, request.body) };
}

export function requestContextOf(request: FastifyRequest, reply: FastifyReply): RequestContext {
  return {
    principal: request.principal ?? null,
    requestId: String(request.id),
    idempotency: idempotencyOf(request),
    markReplayed: () => void reply.header('idempotent-replayed', 'true'),
  };
}

/** Injects the RequestContext of the current request into a controller method. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const http = context.switchToHttp();
  return requestContextOf(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
});
