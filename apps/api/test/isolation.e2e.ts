import { COMMAND_ENDPOINT_NAMES, commandEndpoints } from './support/endpoints';
import { populatedManager } from './support/populated-manager';
import { expectProblem, expectStatus } from './support/scenario';
import { startApi, type Harness } from './support/harness';

/** A key of Manager A never touches Manager B, nor reveals that it exists. */
let h: Harness;
let a: Awaited<ReturnType<typeof populatedManager>>;
let b: Awaited<ReturnType<typeof populatedManager>>;

beforeAll(async () => {
  h = await startApi();
  a = await populatedManager(h);
  b = await populatedManager(h);
});
afterAll(() => h?.close());

describe("When Manager A's key is used on Manager B's paths", () => {
  const endpoints = () => commandEndpoints(b);

  it.each(COMMAND_ENDPOINT_NAMES)('%s answers 404 (owner key and member key) and appends nothing', async (name) => {
    const endpoint = endpoints().find((e) => e.name === name)!;
    for (const key of [a.ownerKey, a.memberKey]) {
      const head = await h.head();
      const answer = await h.call(endpoint.method, endpoint.path, { key, body: endpoint.body });
      expectProblem(answer, 404, 'manager-not-found');
      expect(answer.body.detail).toBe('No such Manager');
      expect(await h.head()).toBe(head);
    }
  });

  it('answers 404 for the catalogue too, exactly as for a Manager that does not exist', async () => {
    const other = await h.call('GET', `/v1/managers/${b.managerId}/catalogue`, { key: a.ownerKey });
    const none = await h.call('GET', '/v1/managers/01900000-0000-7000-8000-000000000000/catalogue', { key: a.ownerKey });
    expectProblem(other, 404, 'manager-not-found');
    expect({ ...other.body }).toEqual({ ...none.body });
  });

  it("still lets B's own key do the same (the endpoints above are valid)", async () => {
    const allocate = endpoints().find((e) => e.name === 'allocate credit')!;
    expectStatus(await h.call(allocate.method, allocate.path, { key: b.ownerKey, body: allocate.body }), 201);
  });
});
