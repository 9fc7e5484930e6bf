import { createServer, type Server } from 'node:http';
import type { Projector } from '@skype-manager/projections';

/**
 * A minimal HTTP face for the projector process: `/metrics` (Prometheus text, with the lag gauges),
 * `/health/live` and `/health/ready` (ready while every serving projection lags at most `maxLag`).
 */
export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(
  port: number,
  projector: Projector,
  maxLag: number,
): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    void answer(request.url ?? '/', projector, maxLag).then(
      ({ status, type, body }) => response.writeHead(status, { 'content-type': type }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  url: string,
  projector: Projector,
  maxLag: number,
): Promise<{ status: number; type: string; body: string }> {
  const json = (status: number, body: unknown) => ({
    status,
    type: 'application/json',
    body: JSON.stringify(body),
  });
  switch (url.split('?')[0]) {
    case '/metrics':
      return {
        status: 200,
        type: projector.metrics.registry.contentType,
        body: await projector.metrics.registry.metrics(),
      };
    case '/health/live':
      return json(projector.failed ? 503 : 200, { status: projector.failed ? 'failed' : 'live' });
    case '/health/ready': {
      const lagEvents = await projector.maxServingLag();
      const ready = !projector.failed && lagEvents <= maxLag;
      return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', lagEvents, maxLag });
    }
    default:
      return json(404, { status: 'not found' });
  }
}
