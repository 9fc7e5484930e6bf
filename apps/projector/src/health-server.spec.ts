import { Registry } from 'prom-client';
import type { Projector } from '@skype-manager/projections';
import { startHealthServer } from './health-server';

/** Only what the health server reads from a projector. */
function projectorLagging(lagEvents: number, failed?: Error): Projector {
  return {
    metrics: { registry: new Registry() },
    failed,
    maxServingLag: async () => lagEvents,
  } as unknown as Projector;
}

describe('projector health server', () => {
  const ask = async (projector: Projector, path: string, maxLag = 100) => {
    const server = await startHealthServer(0, projector, maxLag);
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } finally {
      await server.close();
    }
  };

  it('should be ready while the lag is within the limit', async () => {
    expect(await ask(projectorLagging(100), '/health/ready')).toEqual({
      status: 200,
      body: { status: 'ready', lagEvents: 100, maxLag: 100 },
    });
  });

  it('should not be ready when the read models lag too far behind', async () => {
    expect(await ask(projectorLagging(101), '/health/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', lagEvents: 101 },
    });
  });

  it('should be neither live nor ready once the projector has failed', async () => {
    const failed = projectorLagging(0, new Error('disk unplugged'));
    expect((await ask(failed, '/health/live')).status).toBe(503);
    expect((await ask(failed, '/health/ready')).status).toBe(503);
    expect((await ask(projectorLagging(0), '/health/live')).status).toBe(200);
  });
});
