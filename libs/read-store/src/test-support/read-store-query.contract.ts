import type { FindOptions, ReadStore, SortField, StoredDocument } from '../read-store.port';
import { cursorOf } from '../query-plan';

const DAYS = 'contract_days';

/** Ten days of two Managers: enough to tell every filter and ordering apart. */
function days(): StoredDocument[] {
  const documents: StoredDocument[] = [];
  for (let i = 1; i <= 10; i++) {
    const day = `2025-03-${String(i).padStart(2, '0')}`;
    documents.push({
      id: `m1|${day}`,
      managerId: 'm1',
      day,
      totalMinor: (i * 37) % 11,
      weekend: i % 7 === 0 || i % 7 === 6,
      departmentId: i % 3 === 0 ? null : `dep-${i % 3}`,
      totals: { minor: i * 10 },
    });
    documents.push({
      id: `m2|${day}`,
      managerId: 'm2',
      day,
      totalMinor: i,
      weekend: false,
      departmentId: 'dep-1',
      totals: { minor: 1 },
    });
  }
  return documents;
}

/** Stores order strings by code units (binary), not by locale. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ids = (documents: StoredDocument[]) => documents.map((document) => document.id);

export function describeReadStoreQueryContract(currentStore: () => ReadStore): void {
  describe('queries', () => {
    let store: ReadStore;
    beforeEach(async () => {
      store = currentStore();
      await store.ensureCollections([{ name: DAYS, indexes: [{ fields: ['managerId', 'day'] }] }]);
      // Written in a scrambled order so insertion order cannot pass for sort order.
      const writes = days()
        .sort((a, b) => (a.totalMinor as number) - (b.totalMinor as number) || byCodeUnits(b.id, a.id))
        .map((document) => ({ kind: 'put' as const, collection: DAYS, document }));
      await store.transaction({ writes });
    });

    it('should match on equality of every field given', async () => {
      const found = await store.find(DAYS, { managerId: 'm1', departmentId: 'dep-1' });
      expect(ids(found)).toEqual(['m1|2025-03-01', 'm1|2025-03-04', 'm1|2025-03-07', 'm1|2025-03-10']);
    });

    it('should match an inclusive range on a string field', async () => {
      const found = await store.find(DAYS, {
        managerId: 'm2',
        day: { gte: '2025-03-03', lte: '2025-03-05' },
      });
      expect(ids(found)).toEqual(['m2|2025-03-03', 'm2|2025-03-04', 'm2|2025-03-05']);
    });

    it('should match exclusive numeric bounds', async () => {
      const found = await store.find(DAYS, { managerId: 'm2', totalMinor: { gt: 3, lt: 6 } });
      expect(ids(found)).toEqual(['m2|2025-03-04', 'm2|2025-03-05']);
    });

    it('should match one of several values, null included', async () => {
      const found = await store.find(DAYS, { managerId: 'm1', departmentId: { in: ['dep-2', null] } });
      expect(found).toHaveLength(6);
      expect(found.every((document) => document.departmentId !== 'dep-1')).toBe(true);
    });

    it('should match null on a null field and exclude it with ne', async () => {
      expect(await store.count(DAYS, { managerId: 'm1', departmentId: null })).toBe(3);
      expect(await store.count(DAYS, { managerId: 'm1', departmentId: { ne: 'dep-1' } })).toBe(6);
    });

    it('should match booleans and nested fields', async () => {
      expect(ids(await store.find(DAYS, { managerId: 'm1', weekend: true }))).toEqual([
        'm1|2025-03-06',
        'm1|2025-03-07',
      ]);
      expect(await store.count(DAYS, { 'totals.minor': { gte: 90 } })).toBe(2);
    });

    it('should find by id', async () => {
      expect(ids(await store.find(DAYS, { id: { in: ['m2|2025-03-02', 'nope'] } }))).toEqual([
        'm2|2025-03-02',
      ]);
    });

    it('should sort by several keys with the id as the last tie-breaker', async () => {
      const sort: SortField[] = [
        { field: 'totalMinor', direction: 'desc' },
        { field: 'day', direction: 'asc' },
      ];
      const found = await store.find(DAYS, {}, { sort });
      const expected = days().sort(
        (a, b) =>
          (b.totalMinor as number) - (a.totalMinor as number) ||
          byCodeUnits(String(a.day), String(b.day)) ||
          byCodeUnits(a.id, b.id),
      );
      expect(ids(found)).toEqual(ids(expected));
    });

    it('should order by id when no sort is given', async () => {
      expect(ids(await store.find(DAYS))).toEqual(ids(days()).sort());
    });

    it('should limit and skip', async () => {
      const options: FindOptions = { sort: [{ field: 'day', direction: 'desc' }], limit: 3, offset: 2 };
      expect(ids(await store.find(DAYS, { managerId: 'm2' }, options))).toEqual([
        'm2|2025-03-08',
        'm2|2025-03-07',
        'm2|2025-03-06',
      ]);
      expect(await store.find(DAYS, {}, { limit: 0 })).toEqual([]);
    });

    it('should page with a keyset cursor through every document exactly once', async () => {
      const sort: SortField[] = [{ field: 'totalMinor', direction: 'asc' }];
      const seen: string[] = [];
      let after: FindOptions['after'];
      for (let page = 0; page < 20; page++) {
        const found = await store.find(DAYS, {}, { sort, limit: 3, after });
        if (found.length === 0) break;
        seen.push(...ids(found));
        after = cursorOf(found[found.length - 1], sort);
      }
      expect(seen).toEqual(ids(await store.find(DAYS, {}, { sort })));
      expect(new Set(seen).size).toBe(20);
    });

    it('should page backwards (newest first) with a keyset cursor', async () => {
      const sort: SortField[] = [{ field: 'day', direction: 'desc' }];
      const first = await store.find(DAYS, { managerId: 'm1' }, { sort, limit: 4 });
      const second = await store.find(
        DAYS,
        { managerId: 'm1' },
        { sort, limit: 4, after: cursorOf(first[3], sort) },
      );
      expect(ids(second)).toEqual(['m1|2025-03-06', 'm1|2025-03-05', 'm1|2025-03-04', 'm1|2025-03-03']);
    });

    it('should count what matches', async () => {
      expect(await store.count(DAYS)).toBe(20);
      expect(await store.count(DAYS, { managerId: 'm1', day: { lte: '2025-03-04' } })).toBe(4);
    });

    it('should refuse a limit beyond the maximum and unknown conditions', async () => {
      await expect(store.find(DAYS, {}, { limit: 1_000_000 })).rejects.toThrow(/limit/);
      await expect(store.find(DAYS, { day: { like: 'x' } as never })).rejects.toThrow(/unknown condition/);
    });
  });
}
