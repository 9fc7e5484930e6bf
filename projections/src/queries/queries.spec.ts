import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModels } from '../runtime/generations';
import { project } from '../test-support/project';
import { ANN, BOB, CLEO, DAN, DESIGN, M1, M2, SALES, sampleHistory } from '../test-support/sample-history';
import { getBalances } from './balances.query';
import { listAllocations, listPurchases } from './credit-history.query';
import { getManagerOverview } from './manager-overview.query';
import { getMember, listMembers } from './members.query';
import { InvalidQueryError } from './query-input';

describe('read model queries', () => {
  const { events } = sampleHistory();
  let readModels: ReadModels;
  beforeAll(async () => {
    ({ readModels } = await project(ALL_PROJECTIONS, events, { batchSize: 50 }));
  });

  describe('manager overview', () => {
    it('should answer name, currency, company credit, members by status and position', async () => {
      expect(await getManagerOverview(readModels, M1)).toEqual({
        managerId: M1,
        name: 'Architectes & Co',
        currency: 'EUR',
        companyAvailableMinor: 68_280,
        members: { invited: 0, active: 1, declined: 1, cancelled: 0, removed: 1 },
        position: events.length,
      });
    });

    it('should answer nothing for an unknown Manager', async () => {
      expect(await getManagerOverview(readModels, 'm-unknown')).toBeUndefined();
    });
  });

  describe('members', () => {
    it('should list members in invitation order, page by page', async () => {
      const first = await listMembers(readModels, M1, { limit: 2 });
      expect(first.items.map((item) => item.memberId)).toEqual([ANN, BOB]);
      expect(first.items[0]).toEqual({
        memberId: ANN,
        displayName: 'Ann',
        status: 'active',
        departmentId: SALES,
        availableMinor: 14_440,
      });
      expect(first.next).toEqual(expect.any(String));
      const second = await listMembers(readModels, M1, { limit: 2, cursor: first.next });
      expect(second).toEqual({ items: [expect.objectContaining({ memberId: CLEO, status: 'declined' })] });
    });

    it('should filter by status and department', async () => {
      expect((await listMembers(readModels, M1, { status: 'removed' })).items.map((i) => i.memberId)).toEqual(
        [BOB],
      );
      expect(
        (await listMembers(readModels, M1, { departmentId: SALES })).items.map((i) => i.memberId),
      ).toEqual([ANN, BOB]);
      expect((await listMembers(readModels, M1, { departmentId: DESIGN })).items).toEqual([]);
    });

    it('should refuse an unknown status, a bad cursor and a page too large', async () => {
      await expect(listMembers(readModels, M1, { status: 'asleep' })).rejects.toMatchObject({
        field: 'status',
      });
      await expect(listMembers(readModels, M1, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(listMembers(readModels, M1, { limit: 10_000 })).rejects.toMatchObject({ field: 'limit' });
    });

    it('should show one member with permissions, features and what was spent this month', async () => {
      const ann = await getMember(readModels, M1, ANN, { now: new Date('2025-03-20T12:00:00Z') });
      expect(ann).toMatchObject({
        memberId: ANN,
        status: 'active',
        account: 'ann.archi',
        departmentId: SALES,
        availableMinor: 14_440,
        permissions: { destinations: 'domestic', monthlySpendLimitMinor: 8_000 },
        features: [expect.objectContaining({ grantId: 'grant-1', feature: 'subscription' })],
        spentThisMonthMinor: 1_000 + 250 + 10 + 300,
        position: events.length,
      });
      expect(
        (await getMember(readModels, M1, ANN, { now: new Date('2025-04-02T00:00:00Z') }))
          ?.spentThisMonthMinor,
      ).toBe(0);
    });

    it("should not show another Manager's member", async () => {
      expect(await getMember(readModels, M1, DAN)).toBeUndefined();
      expect(await getMember(readModels, M2, DAN)).toMatchObject({ displayName: 'Dan' });
    });
  });

  describe('balances', () => {
    it('should answer the open accounts of the Manager with its currency', async () => {
      expect(await getBalances(readModels, M1)).toEqual({
        currency: 'EUR',
        company: { availableMinor: 68_280 },
        departments: [
          { departmentId: DESIGN, availableMinor: 15_000 },
          { departmentId: SALES, availableMinor: 0 },
        ],
        members: [{ memberId: ANN, availableMinor: 14_440 }],
        position: events.length,
      });
      expect(await getBalances(readModels, 'm-unknown')).toBeUndefined();
    });
  });

  describe('purchases and allocations reports', () => {
    it('should page allocations newest first, then oldest first', async () => {
      const newest = await listAllocations(readModels, M1, { limit: 4 });
      expect(newest.items.map((item) => item.movementId)).toEqual(['rec-2', 'rec-1', 'alloc-4', 'alloc-3']);
      const rest = await listAllocations(readModels, M1, { limit: 4, cursor: newest.next });
      expect(rest).toEqual({
        items: [
          expect.objectContaining({ movementId: 'alloc-2' }),
          expect.objectContaining({ movementId: 'alloc-1' }),
        ],
      });
      const oldest = await listAllocations(readModels, M1, { order: 'oldest', limit: 1 });
      expect(oldest.items[0]).toMatchObject({
        movementId: 'alloc-1',
        kind: 'allocation',
        amountMinor: 30_000,
        reason: 'manual',
      });
    });

    it('should list the purchases of one Manager only', async () => {
      const purchases = await listPurchases(readModels, M1);
      expect(purchases.items).toEqual([
        expect.objectContaining({ purchaseId: 'pur-1', amountMinor: 100_000, currency: 'EUR' }),
      ]);
      expect(purchases.next).toBeUndefined();
      await expect(listPurchases(readModels, M1, { order: 'sideways' })).rejects.toMatchObject({
        field: 'order',
      });
    });
  });
});
