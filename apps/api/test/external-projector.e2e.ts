import { createProjector, type ProjectorRuntime } from '@skype-manager/projections';
import { startApi, type Harness } from './support/harness';
import { buy, expectProblem, expectStatus, setUpManager } from './support/scenario';

/** PROJECTOR=external: the API runs no projector; `?minPosition=` waits on the checkpoints another process stores. */
describe('With PROJECTOR=external', () => {
  let h: Harness;
  let projector: ProjectorRuntime | undefined;
  beforeAll(async () => {
    h = await startApi({ projector: 'external', minPositionTimeoutMs: 300 });
  });
  afterAll(async () => {
    await projector?.close();
    await h?.close();
  });

  it('should answer 503 until the separate projector has caught up, then serve what it wrote', async () => {
    expect(h.api.readSide.projector).toBeNull();
    const m = await setUpManager(h);
    await buy(h, m, 4200);
    const position = await h.head();
    const overview = `/v1/managers/${m.managerId}?minPosition=${position}`;
    expectProblem(await h.call('GET', overview, { key: m.ownerKey }), 503, 'read-models-behind');
    // The projector process, as apps/projector runs it: its own stores over the same DATA_DIR.
    projector = await createProjector({ config: { dataDir: h.dataDir } });
    await projector.projector.start();
    expect(await projector.projector.waitForPosition(position, 5000)).toBe(true);
    const answer = await h.call('GET', overview, { key: m.ownerKey });
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({ managerId: m.managerId, companyAvailableMinor: 4200 });
  });
});
