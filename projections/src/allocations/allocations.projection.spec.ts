import { documentsOf, project, replayAgain } from '../test-support/project';
import { BOB, DESIGN, M1, sampleHistory } from '../test-support/sample-history';
import { allocationsProjection, type AllocationDocument } from './allocations.projection';

describe('allocations history projection', () => {
  const { events } = sampleHistory();

  it('should record allocations and reclaims of the Manager in log order', async () => {
    const { store } = await project(allocationsProjection, events);
    const movements = (await store.find(
      'allocations_v1_movements',
      { managerId: M1 },
      {
        sort: [{ field: 'position', direction: 'asc' }],
      },
    )) as AllocationDocument[];
    expect(movements.map((movement) => [movement.movementId, movement.kind, movement.amountMinor])).toEqual([
      ['alloc-1', 'allocation', 30_000],
      ['alloc-2', 'allocation', 5_000],
      ['alloc-3', 'allocation', 10_000],
      ['alloc-4', 'allocation', 2_000],
      ['rec-1', 'reclaim', 5_000],
      ['rec-2', 'reclaim', 1_880],
    ]);
    expect(movements[4]).toMatchObject({
      from: { type: 'department', departmentId: DESIGN },
      to: { type: 'company' },
      reason: 'manual',
    });
    expect(movements[5]).toMatchObject({ from: { type: 'member', memberId: BOB }, reason: 'member-removed' });
  });

  it('should give the same documents when the same events are applied twice', async () => {
    const projected = await project(allocationsProjection, events);
    const once = await documentsOf(projected.store, projected.generation);
    await replayAgain(projected, events, 3);
    expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
  });
});
