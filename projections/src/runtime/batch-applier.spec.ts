import type { DomainEvent } from '@skype-manager/domain';
import { SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { EventLog } from '../test-support/event-log';
import { PendingBatch } from './batch-applier';
import { DocumentCache } from './document-cache';
import { collectionSpecs, newGeneration, type Generation } from './generations';
import { defineProjection, type ProjectedDocument, type Projection } from './projection';

/**
 * The batch applies an event at once when its documents are at hand and makes it wait for the page's
 * load otherwise; a later event on a document a waiting event touches or reads must wait behind it.
 * These specs use a projection that records, in each document, the positions applied to it and what
 * it read, so any reordering shows.
 */
interface TraceDocument extends ProjectedDocument {
  positions: number[];
  /** What the document `seen` held when this one was evolved (the last position applied to it). */
  seen: number[];
}

function trace(id: string, position: number, read?: string) {
  return {
    collection: 'traces',
    id,
    ...(read ? { reads: [{ collection: 'traces', id: read }] } : {}),
    evolve: (
      current: TraceDocument | undefined,
      lookup: (collection: string, id: string) => ProjectedDocument | undefined,
    ) => {
      const document = current ?? { id, managerId: 'm1', positions: [], seen: [], _position: 0 };
      document.positions.push(position);
      if (read)
        document.seen.push((lookup('traces', read) as TraceDocument | undefined)?.positions.at(-1) ?? 0);
      return document;
    },
  };
}

/**
 * CreditPurchased → the document named by its paymentReference; CreditReclaimed → "reader", reading
 * "x"; CreditAllocated → "reader" alone.
 */
const tracing: Projection = defineProjection({
  name: 'tracing',
  version: 1,
  collections: { traces: { indexes: [] } },
  on: {
    CreditPurchased: ({ data, position }) => [trace(data.paymentReference, position)],
    CreditReclaimed: ({ position }) => [trace('reader', position, 'x')],
    CreditAllocated: ({ position }) => [trace('reader', position)],
  },
});

const purchase = (paymentReference: string): DomainEvent =>
  ({
    type: 'CreditPurchased',
    data: { purchaseId: `p-${paymentReference}`, amountMinor: 1, currency: 'EUR', paymentReference },
  }) as unknown as DomainEvent;
const allocate = (): DomainEvent =>
  ({
    type: 'CreditAllocated',
    data: { allocationId: 'a', from: { type: 'company' }, to: { type: 'company' }, amountMinor: 1 },
  }) as unknown as DomainEvent;
const reclaim = (): DomainEvent =>
  ({
    type: 'CreditReclaimed',
    data: { reclaimId: 'r', from: { type: 'company' }, amountMinor: 1 },
  }) as unknown as DomainEvent;

async function setUp(): Promise<{ store: ReadStore; generation: Generation; reads: string[][] }> {
  const store = new SqliteReadStore();
  const generation = newGeneration(tracing, 'tracing_v1');
  await store.ensureCollections(collectionSpecs(generation));
  const reads: string[][] = [];
  const getMany = store.getMany.bind(store);
  store.getMany = async (collection, ids) => {
    reads.push([...ids]);
    return getMany(collection, ids);
  };
  return { store, generation, reads };
}

async function traces(store: ReadStore): Promise<Record<string, TraceDocument>> {
  const documents = (await store.find('tracing_v1_traces')) as TraceDocument[];
  return Object.fromEntries(documents.map((document) => [document.id, document]));
}

describe('PendingBatch', () => {
  describe('When a page mixes documents at hand and documents to load', () => {
    it('should apply every document its events in log order, with one read for the page', async () => {
      const { store, generation, reads } = await setUp();
      const cache = new DocumentCache(100);
      const log = new EventLog();
      log.ledger('m1', purchase('x'), purchase('y')); // positions 1, 2: committed, both cached
      const first = new PendingBatch(store, [generation], cache);
      await first.add(log.events);
      await first.commit();
      cache.clear();
      // y comes back from the cache, x must be read from the store: x's events wait, y's do not.
      await store
        .getMany('tracing_v1_traces', ['y'])
        .then((found) => cache.set(`tracing_v1_traces\u0001y`, found.get('y') as ProjectedDocument));
      reads.length = 0;
      log.ledger(
        'm1',
        purchase('x'),
        purchase('y'),
        purchase('x'),
        purchase('z'),
        purchase('y'),
        purchase('x'),
      );
      const second = new PendingBatch(store, [generation], cache);
      await second.add(log.events.slice(2));
      await second.commit();

      const documents = await traces(store);
      expect(documents.x.positions).toEqual([1, 3, 5, 8]);
      expect(documents.y.positions).toEqual([2, 4, 7]);
      expect(documents.z.positions).toEqual([6]);
      expect(reads).toEqual([['x', 'z']]);
    });
  });

  describe('When an event reads a document an earlier event of the page is waiting to update', () => {
    it('should wait behind it, and so should a later event on a document it holds', async () => {
      const { store, generation } = await setUp();
      const cache = new DocumentCache(100);
      const log = new EventLog();
      log.ledger('m1', purchase('x'), reclaim()); // positions 1, 2
      const first = new PendingBatch(store, [generation], cache);
      await first.add(log.events);
      await first.commit();
      // "reader" stays cached, "x" must be loaded. The purchase at 3 waits for x; the reclaim at 4
      // (reader, reading x) waits behind it; the allocation at 5 (reader alone, at hand) behind that.
      const reader = cache.get(`tracing_v1_traces\u0001reader`);
      cache.clear();
      cache.set(`tracing_v1_traces\u0001reader`, reader);
      log.ledger('m1', purchase('x'), reclaim(), allocate());
      const second = new PendingBatch(store, [generation], cache);
      await second.add(log.events.slice(2));
      await second.commit();

      const documents = await traces(store);
      expect(documents.reader.positions).toEqual([2, 4, 5]);
      expect(documents.reader.seen).toEqual([1, 3]);
    });
  });

  describe('When a page already committed is applied again', () => {
    it('should change nothing, from the cache or from the store', async () => {
      const { store, generation } = await setUp();
      const cache = new DocumentCache(100);
      const log = new EventLog();
      log.ledger('m1', purchase('x'), reclaim(), purchase('x'), allocate());
      for (const batchCache of [cache, cache, undefined]) {
        generation.checkpoint = 0; // as if the checkpoint were lost: only the documents' positions guard
        const batch = new PendingBatch(store, [generation], batchCache);
        await batch.add(log.events);
        await batch.commit();
      }

      const documents = await traces(store);
      expect(documents.x.positions).toEqual([1, 3]);
      expect(documents.reader.positions).toEqual([2, 4]);
      expect(documents.reader.seen).toEqual([1]);
    });
  });

  describe('When consecutive events update documents of the same id in two collections', () => {
    it('should keep the documents apart', async () => {
      // Both handlers update their documents in the same slot (the first update): the batch remembers
      // the last document of each slot, and must not take one collection's for the other's.
      const twins = defineProjection({
        name: 'twins',
        version: 1,
        collections: { traces: { indexes: [] }, others: { indexes: [] } },
        on: {
          CreditPurchased: ({ data, position }) => [trace(data.paymentReference, position)],
          CreditAllocated: ({ position }) => [{ ...trace('x', position), collection: 'others' }],
        },
      });
      const store = new SqliteReadStore();
      const generation = newGeneration(twins, 'twins_v1');
      await store.ensureCollections(collectionSpecs(generation));
      const cache = new DocumentCache(100);
      const log = new EventLog();
      log.ledger('m1', purchase('x'), allocate()); // positions 1, 2: loaded, then cached
      const first = new PendingBatch(store, [generation], cache);
      await first.add(log.events);
      await first.commit();
      // Every document at hand now: each event is applied as soon as its documents are noted.
      log.ledger('m1', purchase('x'), allocate(), purchase('x'));
      const second = new PendingBatch(store, [generation], cache);
      await second.add(log.events.slice(2));
      await second.commit();

      const traced = (await store.get('twins_v1_traces', 'x')) as TraceDocument;
      const other = (await store.get('twins_v1_others', 'x')) as TraceDocument;
      expect(traced.positions).toEqual([1, 3, 5]);
      expect(other.positions).toEqual([2, 4]);
    });
  });

  describe('When the collections started empty (a generation built from position 0)', () => {
    it('should read no document it never stored, and read back one it stored that left the cache', async () => {
      const { store, generation, reads } = await setUp();
      const cache = new DocumentCache(1);
      cache.startedEmpty(generation.collections.values());
      const log = new EventLog();
      log.ledger('m1', purchase('x'), purchase('y')); // positions 1, 2
      const first = new PendingBatch(store, [generation], cache);
      await first.add(log.events);
      await first.commit(); // a cache of 1 keeps neither

      log.ledger('m1', purchase('x'), purchase('z')); // positions 3, 4
      const second = new PendingBatch(store, [generation], cache);
      await second.add(log.events.slice(2));
      await second.commit();

      expect(reads).toEqual([['x']]);
      const documents = await traces(store);
      expect(documents.x.positions).toEqual([1, 3]);
      expect(documents.z.positions).toEqual([4]);
    });

    it('should read every miss again once a commit has failed', async () => {
      const { store, generation, reads } = await setUp();
      const cache = new DocumentCache(100);
      cache.startedEmpty(generation.collections.values());
      cache.clear(); // what a failed commit does: what it knew about the store no longer holds
      const log = new EventLog();
      log.ledger('m1', purchase('x'));
      const batch = new PendingBatch(store, [generation], cache);
      await batch.add(log.events);

      expect(reads).toEqual([['x']]);
    });
  });
});
