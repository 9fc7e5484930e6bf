import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../health/metrics';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** A request id from `x-request-id` when it is sane, else a new one. */
export function requestIdOf(request: { headers: Record<string, unknown> }, generate: () => string): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : generate();
}

/**
 * Cross-cutting HTTP behaviour that belongs to Fastify rather than to Nest: the request id echoed in
 * `x-request-id`, one structured log line per request, metrics, and JSON as the only body type.
 */
export function installFastifyHooks(fastify: FastifyInstance, metrics: Metrics): void {
  // Only JSON bodies: Fastify's text/plain parser would let a non-JSON body reach the validators.
  fastify.removeContentTypeParser('text/plain');
  // An empty body sent as JSON (`curl -H 'content-type: application/json'` without data) is no body,
  // not malformed JSON: the invitation links and resend take none.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body as string, done);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // A command sent without a body is validated as an empty object: its missing fields are named.
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (request.body === undefined && BODY_METHODS.has(request.method)) request.body = {};
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const elapsedMs = reply.elapsedTime;
    metrics.observeRequest(request.method, route, reply.statusCode, elapsedMs);
    // Invitation links carry their secret in the path: those are logged by route only.
    const url = route.includes(':token') ? route : request.url;
    request.log.info(
      { method: request.method, route, url, status: reply.statusCode, ms: Math.round(elapsedMs * 10) / 10 },
      'request',
    );
    done();
  });
}
