/**
 * HTTP load with autocannon (typed here as far as the bench uses it: there is no @types/autocannon).
 * The client runs in the orchestrating process, the server in its own: on two cores each gets one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object, callback: (error: Error | null, result: AutocannonResult) => void) => unknown;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** A fresh body for each request (unique usage ids, rotating members). */
  body: () => string;
}

export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url + spec.path,
        method: 'POST',
        connections: spec.connections,
        pipelining: 1,
        duration: spec.durationSeconds,
        timeout: 10,
        headers: { 'content-type': 'application/json', ...spec.headers },
        requests: [
          {
            setupRequest: (request: { body?: string }) => {
              request.body = spec.body();
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const total = result['2xx'] + result.non2xx;
        resolve({
          requestsPerSecond: result['2xx'] / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          timeouts: result.timeouts,
          seconds: result.duration,
          ...(total === 0 ? { requestsPerSecond: 0 } : {}),
        });
      },
    );
  });
}
