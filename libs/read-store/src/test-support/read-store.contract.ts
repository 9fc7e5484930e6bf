import type { ReadStore, StoredDocument } from '../read-store.port';
import { describeReadStoreQueryContract } from './read-store-query.contract';

/**
 * The behaviour every ReadStore adapter must have. Each adapter's spec calls this with a factory that
 * returns a fresh, empty store; the store is closed after each test.
 */
export type ReadStoreFactory = () => Promise<ReadStore>;

export const CALLS = 'contract_calls';
export const PEOPLE = 'contract_people';

/**
 * What a promise rejected with (undefined if it resolved). Driver errors may be built in another
 * realm (better-sqlite3 under Jest), which `rejects.toThrow()` does not recognise as errors.
 */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error ?? new Error('rejected without a reason');
  }
}

export function describeReadStoreContract(name: string, factory: ReadStoreFactory): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;
    beforeEach(async () => {
      store = await factory();
      await store.ensureCollections([
        {
          name: CALLS,
          indexes: [{ fields: ['managerId', 'day'] }, { fields: ['managerId', 'totals.minor'] }],
        },
        { name: PEOPLE, indexes: [{ fields: ['email'], unique: true }] },
      ]);
    });
    afterEach(async () => store.close());

    const put = (collection: string, document: StoredDocument) =>
      store.transaction({ writes: [{ kind: 'put', collection, document }] });

    describe('documents', () => {
      it('should give back a stored document as it was written', async () => {
        const document = {
          id: 'call-1',
          managerId: 'm1',
          amountMinor: 9_007_199_254_740_991,
          flags: { roaming: true, free: false },
          tags: ['a', 'b'],
          departmentId: null,
        };
        await put(CALLS, document);
        expect(await store.get(CALLS, 'call-1')).toEqual(document);
      });

      it('should answer undefined for an unknown id', async () => {
        await put(CALLS, { id: 'call-1' });
        expect(await store.get(CALLS, 'call-2')).toBeUndefined();
      });

      it('should replace a document when the same id is put again', async () => {
        await put(CALLS, { id: 'call-1', day: '2025-01-01', note: 'first' });
        await put(CALLS, { id: 'call-1', day: '2025-01-02' });
        expect(await store.get(CALLS, 'call-1')).toEqual({ id: 'call-1', day: '2025-01-02' });
      });

      it('should find a document by its new indexed values once they changed', async () => {
        await put(CALLS, { id: 'call-1', managerId: 'm1', day: 'd1', totals: { minor: 5 } });
        await put(CALLS, {
          id: 'call-1',
          managerId: 'm1',
          day: 'd1',
          totals: { minor: 6 },
          note: 'same keys',
        });
        await put(CALLS, { id: 'call-1', managerId: 'm2', day: 'd1', totals: { minor: 6 } });
        expect(await store.count(CALLS, { managerId: 'm1' })).toBe(0);
        expect(await store.find(CALLS, { managerId: 'm2', day: 'd1' })).toEqual([
          { id: 'call-1', managerId: 'm2', day: 'd1', totals: { minor: 6 } },
        ]);
        await put(CALLS, { id: 'call-1', managerId: 'm2', day: null, totals: { minor: 6 } });
        expect(await store.count(CALLS, { managerId: 'm2', day: 'd1' })).toBe(0);
        expect(await store.count(CALLS, { managerId: 'm2', day: null })).toBe(1);
        expect(await store.count(CALLS, { managerId: 'm2', 'totals.minor': 6 })).toBe(1);
      });

      it('should delete a document', async () => {
        await put(CALLS, { id: 'call-1' });
        await store.transaction({ writes: [{ kind: 'delete', collection: CALLS, id: 'call-1' }] });
        expect(await store.get(CALLS, 'call-1')).toBeUndefined();
        expect(await store.count(CALLS)).toBe(0);
      });

      it('should load many documents at once, leaving out unknown ids', async () => {
        await put(CALLS, { id: 'a', n: 1 });
        await put(CALLS, { id: 'b', n: 2 });
        const found = await store.getMany(CALLS, ['a', 'zz', 'b']);
        expect([...found.keys()].sort()).toEqual(['a', 'b']);
        expect(found.get('b')).toEqual({ id: 'b', n: 2 });
      });

      it('should read an undeclared collection as empty', async () => {
        expect(await store.get('contract_nowhere', 'x')).toBeUndefined();
        expect(await store.find('contract_nowhere', { a: 1 })).toEqual([]);
        expect(await store.count('contract_nowhere')).toBe(0);
        expect((await store.getMany('contract_nowhere', ['x'])).size).toBe(0);
      });

      it('should create a collection on its first write', async () => {
        await put('contract_later', { id: 'x', v: 1 });
        expect(await store.get('contract_later', 'x')).toEqual({ id: 'x', v: 1 });
      });

      it('should drop a collection with its documents', async () => {
        await put(CALLS, { id: 'call-1' });
        await store.dropCollections([CALLS, 'contract_never_created']);
        expect(await store.count(CALLS)).toBe(0);
        await put(CALLS, { id: 'call-2' });
        expect(await store.count(CALLS)).toBe(1);
      });

      it('should refuse a collection name that is not letters, digits and underscores', async () => {
        await expect(store.get('calls; DROP TABLE x', 'id')).rejects.toThrow(/collection name/);
      });
    });

    describe('write units', () => {
      it('should store the checkpoint with the documents', async () => {
        expect(await store.checkpoint('balances_v1')).toBe(0);
        await store.transaction({
          writes: [{ kind: 'put', collection: CALLS, document: { id: 'a' } }],
          checkpoints: [{ projection: 'balances_v1', position: 42 }],
        });
        expect(await store.checkpoint('balances_v1')).toBe(42);
        expect(await store.checkpoint('spend_v1')).toBe(0);
      });

      it('should keep one checkpoint per projection', async () => {
        await store.transaction({
          writes: [],
          checkpoints: [
            { projection: 'balances_v1', position: 7 },
            { projection: 'spend_v1', position: 9 },
          ],
        });
        await store.transaction({ writes: [], checkpoints: [{ projection: 'spend_v1', position: 12 }] });
        expect(await store.checkpoint('balances_v1')).toBe(7);
        expect(await store.checkpoint('spend_v1')).toBe(12);
        await store.removeCheckpoint('spend_v1');
        expect(await store.checkpoint('spend_v1')).toBe(0);
      });

      it('should apply nothing, not even the checkpoint, when one write of the unit fails', async () => {
        await put(PEOPLE, { id: 'p1', email: 'ann@example.com' });
        await store.transaction({ writes: [], checkpoints: [{ projection: 'members_v1', position: 5 }] });
        const failing = store.transaction({
          writes: [
            { kind: 'put', collection: CALLS, document: { id: 'call-9' } },
            { kind: 'delete', collection: PEOPLE, id: 'p1' },
            { kind: 'put', collection: PEOPLE, document: { id: 'p2', email: 'bob@example.com' } },
            { kind: 'put', collection: PEOPLE, document: { id: 'p3', email: 'bob@example.com' } },
          ],
          checkpoints: [{ projection: 'members_v1', position: 6 }],
        });
        expect(await rejection(failing)).toBeDefined();
        expect(await store.get(CALLS, 'call-9')).toBeUndefined();
        expect(await store.get(PEOPLE, 'p1')).toEqual({ id: 'p1', email: 'ann@example.com' });
        expect(await store.get(PEOPLE, 'p2')).toBeUndefined();
        expect(await store.checkpoint('members_v1')).toBe(5);
      });

      it('should enforce a unique index declared on the collection', async () => {
        await put(PEOPLE, { id: 'p1', email: 'ann@example.com' });
        expect(await rejection(put(PEOPLE, { id: 'p2', email: 'ann@example.com' }))).toBeDefined();
        await put(PEOPLE, { id: 'p1', email: 'ann@example.com', displayName: 'Ann' });
        expect(await store.count(PEOPLE)).toBe(1);
      });

      it('should declare collections idempotently', async () => {
        await put(CALLS, { id: 'a' });
        await store.ensureCollections([{ name: CALLS, indexes: [{ fields: ['managerId', 'day'] }] }]);
        expect(await store.count(CALLS)).toBe(1);
      });

      it('should write a large unit in one go', async () => {
        const writes = Array.from({ length: 5000 }, (_, i) => ({
          kind: 'put' as const,
          collection: CALLS,
          document: { id: `call-${i}`, managerId: i % 2 === 0 ? 'even' : 'odd', day: `d${i % 10}` },
        }));
        await store.transaction({ writes, checkpoints: [{ projection: 'spend_v1', position: 5000 }] });
        expect(await store.count(CALLS)).toBe(5000);
        expect(await store.count(CALLS, { managerId: 'odd' })).toBe(2500);
        expect(await store.checkpoint('spend_v1')).toBe(5000);
      });
    });

    describeReadStoreQueryContract(() => store);
  });
}
