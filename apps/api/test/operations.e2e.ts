import { addMember, buy, expectProblem, expectStatus, setUpManager } from './support/scenario';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { startApi, type Harness } from './support/harness';

/** Running it: health, OpenAPI, metrics, request ids, the error format everywhere, graceful shutdown. */
let h: Harness;

beforeAll(async () => {
  h = await startApi();
});
afterAll(() => h?.close());

describe('Health', () => {
  it('is live, and ready once the event log answers (with its head position and the projector lag)', async () => {
    expect((await h.call('GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await h.call('GET', '/health/ready');
    expectStatus(ready, 200);
    expect(ready.body).toEqual({
      status: 'ok',
      position: await h.head(),
      projector: { lagEvents: expect.any(Number) },
    });
  });

  it('exposes the projector lag as a metric', async () => {
    const metrics = await h.call('GET', '/metrics');
    expectStatus(metrics, 200);
    expect(metrics.text).toMatch(/^projector_lag_events\{projection="balances"/m);
  });
});

describe('OpenAPI', () => {
  it('documents every command path of the contract at /docs-json, and serves the UI at /docs', async () => {
    const json = await h.call('GET', '/docs-json');
    expectStatus(json, 200);
    const paths = Object.keys(json.body.paths);
    for (const path of [
      '/v1/managers',
      '/v1/managers/{managerId}',
      '/v1/managers/{managerId}/catalogue',
      '/v1/managers/{managerId}/administrators',
      '/v1/managers/{managerId}/administrators/{administratorId}',
      '/v1/managers/{managerId}/departments',
      '/v1/managers/{managerId}/departments/{departmentId}',
      '/v1/managers/{managerId}/invitations',
      '/v1/managers/{managerId}/invitations/{memberId}/resend',
      '/v1/managers/{managerId}/invitations/{memberId}',
      '/v1/invitations/{token}/accept',
      '/v1/invitations/{token}/decline',
      '/v1/managers/{managerId}/members/{memberId}',
      '/v1/managers/{managerId}/members/{memberId}/department',
      '/v1/managers/{managerId}/members/{memberId}/permissions',
      '/v1/managers/{managerId}/members/{memberId}/auto-allocation',
      '/v1/managers/{managerId}/credit/purchases',
      '/v1/managers/{managerId}/credit/allocations',
      '/v1/managers/{managerId}/credit/reclaims',
      '/v1/managers/{managerId}/members/{memberId}/features',
      '/v1/managers/{managerId}/members/{memberId}/features/{grantId}',
      '/v1/managers/{managerId}/usage',
      '/v1/managers/{managerId}/usage/authorizations',
    ]) {
      expect(paths).toContain(path);
    }
    expect(json.body.components.schemas.AllocateCreditDto.required).toEqual(expect.arrayContaining(['to', 'amountMinor']));
    const ui = await h.call('GET', '/docs');
    expectStatus(ui, 200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
    const bundle = await fetch(`${h.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
    expectProblem(await h.call('GET', '/docs/../../package.json'), 404);
  });
});

describe('Metrics', () => {
  it('counts requests by route and status in Prometheus text', async () => {
    await h.call('GET', '/health/live');
    const metrics = await h.call('GET', '/metrics');
    expectStatus(metrics, 200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
  });
});

describe('Request ids', () => {
  it('echoes a sane x-request-id, and replaces one that is not', async () => {
    const given = await h.call('GET', '/health/live', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await h.call('GET', '/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('mints distinct, time-ordered UUID v7 request ids when none is given', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(String((await h.call('GET', '/health/live')).headers.get('x-request-id')));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('writes the request id as the correlation id of the events', async () => {
    const answer = await h.call('POST', '/v1/managers', {
      headers: { 'x-request-id': 'signup-trace-1' },
      body: { name: 'Traced', adminAccount: `traced.${Date.now()}`, currency: 'EUR', country: 'FR' },
    });
    const events = await h.api.store.readAll({ managerId: answer.body.managerId });
    expect(events.map((e) => e.metadata.correlationId)).toEqual(events.map(() => 'signup-trace-1'));
    expect(events[0].metadata.actor).toBe('anonymous');
  });
});

describe('Errors', () => {
  it('answers unknown routes and methods with problem+json', async () => {
    expectProblem(await h.call('GET', '/v2/nothing'), 404, 'not-found');
    expectProblem(await h.call('DELETE', '/v1/managers'), 404);
  });
});

describe('When the server stops', () => {
  it('finishes the requests in flight, then closes the command service (and the store it opened)', async () => {
    const store = createSqliteEventStore({ filename: ':memory:' });
    let appendDelayMs = 0;
    // The log is slow to commit, so the requests are surely in flight (decided, waiting) when close() begins.
    const slowStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'appendMulti') {
          return async (...args: Parameters<typeof store.appendMulti>) => {
            await new Promise((resolve) => setTimeout(resolve, appendDelayMs));
            return target.appendMulti(...args);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const own = await startApi({}, { store: slowStore });
    const m = await setUpManager(own);
    await buy(own, m, 100_000);
    const { memberId } = await addMember(own, m);
    appendDelayMs = 300;
    let received = 0;
    let allReceived: () => void = () => undefined;
    const everyRequestReceived = new Promise<void>((resolve) => (allReceived = resolve));
    const execute = own.api.commands.execute.bind(own.api.commands);
    own.api.commands.execute = (request) => {
      if (++received === 20) allReceived();
      return execute(request);
    };
    const inFlight = Array.from({ length: 20 }, () =>
      own.call('POST', `/v1/managers/${m.managerId}/credit/allocations`, { key: m.ownerKey, body: { to: { memberId }, amountMinor: 10 } }),
    );
    await everyRequestReceived;
    await own.api.close();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const allocated = (await store.readAll({ managerId: m.managerId })).filter((e) => e.type === 'CreditAllocated');
    expect(allocated.length).toBe(20);
    await expect(execute({} as Parameters<typeof execute>[0])).rejects.toThrow(/shutting down/);
    await own.close();
  });
});

describe('When the server opened the event log itself', () => {
  it('closes it on shutdown, and a second close is harmless', async () => {
    const own = await startApi();
    await own.api.close();
    await expect(own.api.store.headPosition()).rejects.toThrow(/closed/);
    await own.close();
  });
});
