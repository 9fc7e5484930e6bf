import {
  type AppendRequest,
  ConcurrencyError,
  EventIdConflictError,
  type EventStore,
  EventStoreLimitError,
  EventStoreRequestError,
  type ExpectedRevision,
  type RecordedEvent,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { DEFAULT_EVENT_STORE_LIMITS } from '../limits';
import {
  type EventStoreFixture,
  type EventStoreFixtureFactory,
  ids,
  isStrictlyIncreasing,
  newEvent,
  newEvents,
  positions,
  readManagerLog,
  sleep,
  uniqueName,
  waitFor,
} from './contract-fixtures';

export type { EventStoreFixture, EventStoreFixtureFactory } from './contract-fixtures';

/**
 * The behaviour every EventStore adapter must have. Each adapter's spec calls this with a factory
 * that opens a fresh store; names are unique per test so a shared server works too.
 */
export interface ContractOptions {
  /**
   * False when the data does not outlive the store (SQLite ':memory:'): the close/reopen test is then
   * reported as skipped, never as passed. Default true, and then the fixture must offer `reopen`.
   */
  persistent?: boolean;
}

export function describeEventStoreContract(
  name: string,
  factory: EventStoreFixtureFactory,
  options: ContractOptions = {},
): void {
  const persistent = options.persistent ?? true;
  const itWhenPersistent = persistent ? it : it.skip;
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let managerId: string;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      managerId = uniqueName('mgr');
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('When appending to one stream', () => {
      it('should number revisions from 0 and give strictly increasing positions', async () => {
        const streamId = uniqueName('ledger');
        const events = newEvents(managerId, 3);
        const result = await store.append(streamId, 'no-stream', events);

        expect(result.streams).toEqual([{ streamId, nextExpectedRevision: 2 }]);
        expect(result.events.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(ids(result.events)).toEqual(ids(events));
        expect(isStrictlyIncreasing(positions(result.events))).toBe(true);
        expect(result.lastPosition).toBe(result.events[2].position);
        expect(await store.readStream(streamId)).toEqual(result.events);
        expect(await store.streamRevision(streamId)).toBe(2);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.lastPosition);
      });

      it('should store type, data and metadata as given, plus the chain fields', async () => {
        const streamId = uniqueName('member');
        const event = newEvent(managerId, 'MemberInvited', { email: 'ana@example.com', nested: { b: [1, 'x', null], a: true } });
        event.metadata.idempotencyKey = 'key-1';
        const [stored] = (await store.append(streamId, 'any', [event])).events;

        const [read] = await store.readStream(streamId);
        expect(read).toEqual(stored);
        expect(read.type).toBe('MemberInvited');
        expect(read.data).toEqual(event.data);
        expect(read.metadata).toEqual({ ...event.metadata, chainSeq: 1, prevHash: '', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      });

      it('should store each of several events that share one metadata object with its own chain fields', async () => {
        const streamId = uniqueName('ledger');
        const other = uniqueName('member');
        const shared = newEvent(managerId).metadata;
        const events = newEvents(managerId, 3).map((event) => ({ ...event, metadata: shared }));
        const result = await store.appendMulti([
          { streamId, expectedRevision: 'no-stream', events: events.slice(0, 2) },
          { streamId: other, expectedRevision: 'no-stream', events: events.slice(2) },
        ]);

        const read = [...(await store.readStream(streamId)), ...(await store.readStream(other))];
        expect(read).toEqual(result.events);
        expect(read.map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3]);
        for (const event of read) expect(event.metadata).toEqual({ ...shared, chainSeq: expect.any(Number), prevHash: expect.any(String), hash: expect.any(String) });
        expect(verifyChain(read).ok).toBe(true);
      });

      it('should report an unknown stream as having no revision and no events', async () => {
        const streamId = uniqueName('nothing');
        expect(await store.streamRevision(streamId)).toBeUndefined();
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('should read a stream from a revision, at most maxCount events', async () => {
        const streamId = uniqueName('ledger');
        await store.append(streamId, 'no-stream', newEvents(managerId, 5));
        const page = await store.readStream(streamId, { fromRevision: 2, maxCount: 2 });
        expect(page.map((event) => event.revision)).toEqual([2, 3]);
        expect((await store.readStream(streamId, { fromRevision: 3 })).map((event) => event.revision)).toEqual([3, 4]);
        expect(await store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
      });
    });

    describe('When the expected revision does not hold', () => {
      it('should accept each kind of expectation when it holds', async () => {
        const streamId = uniqueName('member');
        await store.append(streamId, 'no-stream', [newEvent(managerId)]);
        await store.append(streamId, 0, [newEvent(managerId)]);
        await store.append(streamId, 'stream-exists', [newEvent(managerId)]);
        const result = await store.append(streamId, 'any', [newEvent(managerId)]);
        expect(result.streams[0].nextExpectedRevision).toBe(3);
        expect(await store.append(uniqueName('member'), 'any', [newEvent(managerId)])).toMatchObject({
          streams: [{ nextExpectedRevision: 0 }],
        });
      });

      it('should throw ConcurrencyError naming the stream, the expectation and the actual revision', async () => {
        const streamId = uniqueName('ledger');
        await expect(store.append(streamId, 'stream-exists', [newEvent(managerId)])).rejects.toMatchObject({
          name: 'ConcurrencyError',
          streamId,
          expected: 'stream-exists',
          actual: undefined,
        });
        await expect(store.append(streamId, 0, [newEvent(managerId)])).rejects.toBeInstanceOf(ConcurrencyError);
        await store.append(streamId, 'no-stream', newEvents(managerId, 2));
        await expect(store.append(streamId, 'no-stream', [newEvent(managerId)])).rejects.toMatchObject({ expected: 'no-stream', actual: 1 });
        await expect(store.append(streamId, 0, [newEvent(managerId)])).rejects.toMatchObject({ expected: 0, actual: 1 });
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      it('should let exactly one of 20 concurrent appends with the same expected revision win', async () => {
        const streamId = uniqueName('ledger');
        await store.append(streamId, 'no-stream', [newEvent(managerId)]);
        const attempts = Array.from({ length: 20 }, () => store.append(streamId, 0, [newEvent(managerId)]));
        const outcomes = await Promise.allSettled(attempts);

        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('should commit concurrent appends to different streams independently', async () => {
        const streams = Array.from({ length: 10 }, () => uniqueName('member'));
        const results = await Promise.all(streams.map((streamId) => store.append(streamId, 'no-stream', newEvents(managerId, 2))));
        const all = results.flatMap((result) => positions(result.events));
        expect(new Set(all).size).toBe(20);
        for (const streamId of streams) expect(await store.streamRevision(streamId)).toBe(1);
      });
    });

    describe('When appending to several streams at once', () => {
      it('should write all streams and report each revision in request order', async () => {
        const ledger = uniqueName('ledger');
        const member = uniqueName('member');
        await store.append(member, 'no-stream', [newEvent(managerId)]);
        const result = await store.appendMulti([
          { streamId: ledger, expectedRevision: 'no-stream', events: newEvents(managerId, 2) },
          { streamId: member, expectedRevision: 0, events: newEvents(managerId, 1) },
        ]);
        expect(result.streams).toEqual([
          { streamId: ledger, nextExpectedRevision: 1 },
          { streamId: member, nextExpectedRevision: 1 },
        ]);
        expect(result.events.map((event) => event.streamId)).toEqual([ledger, ledger, member]);
        expect(isStrictlyIncreasing(positions(result.events))).toBe(true);
        expect(await store.readStream(ledger)).toEqual(result.events.slice(0, 2));
      });

      it('should write nothing when one expected revision does not hold', async () => {
        const ledger = uniqueName('ledger');
        const member = uniqueName('member');
        await store.append(member, 'no-stream', [newEvent(managerId)]);
        const attempt = store.appendMulti([
          { streamId: ledger, expectedRevision: 'no-stream', events: newEvents(managerId, 2) },
          { streamId: member, expectedRevision: 5, events: newEvents(managerId, 1) },
        ]);
        await expect(attempt).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: member, actual: 0 });
        expect(await store.streamRevision(ledger)).toBeUndefined();
        expect(await store.readStream(member)).toHaveLength(1);
        expect(await readManagerLog(store, managerId)).toHaveLength(1);
      });
    });

    describe('When re-appending events whose ids are already stored', () => {
      it('should return the original events and positions without writing', async () => {
        const streamId = uniqueName('ledger');
        const events = newEvents(managerId, 2);
        const first = await store.append(streamId, 'no-stream', events);
        await store.append(streamId, 1, [newEvent(managerId)]);

        const again = await store.append(streamId, 'no-stream', events);
        expect(again.events).toEqual(first.events);
        expect(again.lastPosition).toBe(first.lastPosition);
        expect(again.streams).toEqual([{ streamId, nextExpectedRevision: 1 }]);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('should return the originals for a re-sent appendMulti', async () => {
        const requests = [
          { streamId: uniqueName('ledger'), expectedRevision: 'no-stream' as const, events: newEvents(managerId, 2) },
          { streamId: uniqueName('member'), expectedRevision: 'no-stream' as const, events: newEvents(managerId, 1) },
        ];
        const first = await store.appendMulti(requests);
        expect(await store.appendMulti(requests)).toEqual(first);
        expect(await readManagerLog(store, managerId)).toHaveLength(3);
      });

      it('should refuse a request in which some ids are stored and some are not', async () => {
        const streamId = uniqueName('ledger');
        const [stored] = (await store.append(streamId, 'no-stream', [newEvent(managerId)])).events;
        const attempt = store.append(streamId, 'any', [{ ...newEvent(managerId), id: stored.id }, newEvent(managerId)]);
        await expect(attempt).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    });

    describe('When reading the whole log', () => {
      it('should page by position and filter by Manager', async () => {
        const other = uniqueName('mgr');
        const mine: RecordedEvent[] = [];
        for (let round = 0; round < 3; round += 1) {
          mine.push(...(await store.append(uniqueName('member'), 'no-stream', newEvents(managerId, 2))).events);
          await store.append(uniqueName('member'), 'no-stream', newEvents(other, 1));
        }
        const pages: RecordedEvent[][] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ managerId, after, limit: 4 });
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(pages.map((page) => page.length)).toEqual([4, 2]);
        expect(pages.flat()).toEqual(mine);

        // Unfiltered, from a real position (an adapter may only resume from positions it handed out).
        const unfiltered = await store.readAll({ after: mine[0].position, limit: 2 });
        expect(ids(unfiltered)).toEqual([mine[1].id, expect.any(String)]);
        expect(unfiltered[1].metadata.managerId).toBe(other);
        expect(isStrictlyIncreasing(positions(unfiltered))).toBe(true);
      });

      it('should return nothing after the head position', async () => {
        const result = await store.append(uniqueName('ledger'), 'no-stream', [newEvent(managerId)]);
        expect(await store.readAll({ managerId, after: result.lastPosition })).toEqual([]);
      });
    });

    describe('When subscribing', () => {
      it('should catch up, then deliver live events, and stop', async () => {
        const streamId = uniqueName('ledger');
        const before = await store.append(streamId, 'no-stream', newEvents(managerId, 3));
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: 0, managerId, batchSize: 2 }, async (batch) => {
          received.push(...batch);
        });
        await waitFor('catch-up of 3 events', () => received.length === 3);
        expect(received).toEqual(before.events);

        const live = await store.append(streamId, 2, newEvents(managerId, 2));
        await waitFor('2 live events', () => received.length === 5);
        expect(received.slice(3)).toEqual(live.events);

        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        await store.append(streamId, 4, [newEvent(managerId)]);
        await sleep(300);
        expect(received).toHaveLength(5);
      });

      it('should start after the given position', async () => {
        const result = await store.append(uniqueName('ledger'), 'no-stream', newEvents(managerId, 4));
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: result.events[1].position, managerId }, async (batch) => {
          received.push(...batch);
        });
        await waitFor('the 2 events after the start', () => received.length === 2);
        await subscription.stop();
        expect(received).toEqual(result.events.slice(2));
      });

      it('should not deliver the next batch before the handler settled', async () => {
        const streamId = uniqueName('ledger');
        await store.append(streamId, 'no-stream', newEvents(managerId, 6));
        let active = 0;
        let maxActive = 0;
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: 0, managerId, batchSize: 2 }, async (batch) => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await sleep(20);
          received.push(...batch);
          active -= 1;
        });
        await store.append(streamId, 5, newEvents(managerId, 4));
        await waitFor('10 events through a slow handler', () => received.length === 10);
        await subscription.stop();
        expect(maxActive).toBe(1);
        expect(received.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      it('should stop and reject done when the handler fails', async () => {
        await store.append(uniqueName('ledger'), 'no-stream', newEvents(managerId, 2));
        const failure = new Error('projection failed');
        const subscription = store.subscribe({ after: 0, managerId }, async () => {
          throw failure;
        });
        await expect(subscription.done).rejects.toBe(failure);
        await subscription.stop();
      });
    });

    describe('When keeping snapshots', () => {
      it('should round-trip a snapshot and replace it on save', async () => {
        const streamId = uniqueName('ledger');
        expect(await store.loadSnapshot(streamId)).toBeUndefined();
        const first = { streamId, revision: 10, schema: 'ledger-state@1', state: { pool: 500, members: { a: 1 }, list: [1, 2] } };
        await store.saveSnapshot(first);
        expect(await store.loadSnapshot(streamId)).toEqual(first);
        const second = { streamId, revision: 20, schema: 'ledger-state@2', state: { pool: 0 } };
        await store.saveSnapshot(second);
        expect(await store.loadSnapshot(streamId)).toEqual(second);
      });

      it('should store a state given as JSON text, and a state as it was when saveSnapshot was called', async () => {
        const streamId = uniqueName('ledger');
        await store.saveSnapshot({ streamId, revision: 3, schema: 'ledger-state@1', stateJson: '{"pool":7,"list":["a"]}' });
        expect(await store.loadSnapshot(streamId)).toEqual({ streamId, revision: 3, schema: 'ledger-state@1', state: { pool: 7, list: ['a'] } });
        const live = { pool: 1, members: { a: 1 } as Record<string, number> };
        const saving = store.saveSnapshot({ streamId, revision: 4, schema: 'ledger-state@1', state: live });
        live.pool = 2; // the caller's state moves on at once
        live.members.b = 2;
        await saving;
        expect((await store.loadSnapshot(streamId))?.state).toEqual({ pool: 1, members: { a: 1 } });
      });
    });

    describe('When verifying the hash chain', () => {
      it('should chain every event of a Manager across streams, and keep Managers apart', async () => {
        const other = uniqueName('mgr');
        await store.append(uniqueName('manager'), 'no-stream', newEvents(managerId, 2));
        await store.append(uniqueName('manager'), 'no-stream', newEvents(other, 2));
        await store.appendMulti([
          { streamId: uniqueName('ledger'), expectedRevision: 'no-stream', events: newEvents(managerId, 2) },
          { streamId: uniqueName('member'), expectedRevision: 'no-stream', events: newEvents(managerId, 1) },
        ]);
        await Promise.all([1, 2, 3].map(() => store.append(uniqueName('member'), 'no-stream', [newEvent(managerId)])));

        const log = await readManagerLog(store, managerId);
        expect(log.map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(verifyChain(log)).toEqual({ ok: true, problems: [] });
        log.slice(1).forEach((event, index) => expect(event.metadata.prevHash).toBe(log[index].metadata.hash));

        const otherLog = await readManagerLog(store, other);
        expect(otherLog.map((event) => event.metadata.chainSeq)).toEqual([1, 2]);
        expect(verifyChain([...log, ...otherLog].sort((a, b) => a.position - b.position)).ok).toBe(true);
      });

      it("should record where each Manager's chain ends, apart from the events", async () => {
        const other = uniqueName('mgr');
        expect(await store.chainHead(managerId)).toBeUndefined();
        await store.append(uniqueName('manager'), 'no-stream', newEvents(managerId, 3));
        await store.appendMulti([
          { streamId: uniqueName('ledger'), expectedRevision: 'no-stream', events: newEvents(managerId, 2) },
          { streamId: uniqueName('member'), expectedRevision: 'no-stream', events: newEvents(other, 1) },
        ]);

        const last = (await readManagerLog(store, managerId)).at(-1)!;
        expect(await store.chainHead(managerId)).toEqual({ seq: 5, hash: last.metadata.hash });
        const otherLast = (await readManagerLog(store, other)).at(-1)!;
        expect(await store.chainHead(other)).toEqual({ seq: 1, hash: otherLast.metadata.hash });
      });
    });

    describe('When the store is closed and reopened', () => {
      itWhenPersistent(`should keep events, revisions, snapshots and the chain${persistent ? '' : ' (skipped: data does not outlive close)'}`, async () => {
        if (fixture.reopen === undefined) throw new Error('a persistent fixture must provide reopen()');
        const streamId = uniqueName('ledger');
        const written = (await store.append(streamId, 'no-stream', newEvents(managerId, 3))).events;
        const snapshot = { streamId, revision: 2, schema: 'ledger-state@1', state: { pool: 1 } };
        await store.saveSnapshot(snapshot);
        await store.close();

        const reopened = await fixture.reopen();
        try {
          expect(await reopened.readStream(streamId)).toEqual(written);
          expect(await reopened.loadSnapshot(streamId)).toEqual(snapshot);
          await expect(reopened.append(streamId, 1, [newEvent(managerId)])).rejects.toBeInstanceOf(ConcurrencyError);
          const next = await reopened.append(streamId, 2, [newEvent(managerId)]);
          expect(next.events[0].metadata.chainSeq).toBe(4);
          expect(verifyChain(await readManagerLog(reopened, managerId)).ok).toBe(true);
        } finally {
          await reopened.close();
        }
      });

      it('should refuse appends after close', async () => {
        await store.close();
        await expect(store.append(uniqueName('ledger'), 'any', [newEvent(managerId)])).rejects.toThrow(/closed/);
      });
    });

    describe('When one request brings a thousand events', () => {
      const large = (ledger: string, member: string, ledgerExpected: ExpectedRevision = 'no-stream', memberExpected: ExpectedRevision = 'no-stream') => [
        { streamId: ledger, expectedRevision: ledgerExpected, events: newEvents(managerId, 990) },
        { streamId: member, expectedRevision: memberExpected, events: newEvents(managerId, 10) },
      ];

      it('should write it as one append, after the appends made before it, with an intact chain', async () => {
        const [ledger, member] = [uniqueName('ledger'), uniqueName('member')];
        const before = store.append(ledger, 'no-stream', [newEvent(managerId)]);
        const requests = large(ledger, member, 0);
        const result = await store.appendMulti(requests);
        expect((await before).lastPosition).toBeLessThan(result.lastPosition);
        expect(result.streams).toEqual([
          { streamId: ledger, nextExpectedRevision: 990 },
          { streamId: member, nextExpectedRevision: 9 },
        ]);
        expect(ids(result.events)).toEqual(requests.flatMap((request) => ids(request.events)));
        const log = await readManagerLog(store, managerId);
        expect(log).toHaveLength(1001);
        expect(verifyChain(log).ok).toBe(true);
      });

      it('should write nothing when an event near its end is malformed, and take the next append', async () => {
        const [ledger, member] = [uniqueName('ledger'), uniqueName('member')];
        const requests = large(ledger, member);
        requests[0].events[950] = { ...requests[0].events[950], type: '' };
        await expect(store.appendMulti(requests)).rejects.toBeInstanceOf(EventStoreRequestError);
        expect(await readManagerLog(store, managerId)).toHaveLength(0);
        await store.append(ledger, 'no-stream', [newEvent(managerId)]);
        expect(verifyChain(await readManagerLog(store, managerId)).ok).toBe(true);
      });

      it('should write nothing when an id near its end is stored already, or its expected revision does not hold', async () => {
        const [ledger, member] = [uniqueName('ledger'), uniqueName('member')];
        const [stored] = (await store.append(ledger, 'no-stream', [newEvent(managerId)])).events;
        const conflicting = large(ledger, member, 'any');
        conflicting[0].events[985] = { ...conflicting[0].events[985], id: stored.id };
        await expect(store.appendMulti(conflicting)).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(store.appendMulti(large(ledger, member, 0, 3))).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await readManagerLog(store, managerId)).toHaveLength(1);
      });

      it('should return the originals when it is sent again', async () => {
        const requests = large(uniqueName('ledger'), uniqueName('member'));
        const first = await store.appendMulti(requests);
        const again = await store.appendMulti(requests);
        expect(again.lastPosition).toBe(first.lastPosition);
        expect(again.events).toEqual(first.events);
        expect(await readManagerLog(store, managerId)).toHaveLength(1000);
      });
    });

    describe('When an append is given in parts', () => {
      /** A producer for appendInParts: hands out the parts in order, then undefined. */
      const partsOf = (parts: AppendRequest[][]) => {
        let next = 0;
        return (): AppendRequest[] | undefined => parts[next++];
      };
      const threeParts = (ledger: string, member: string, idem: string): AppendRequest[][] => [
        [
          { streamId: ledger, expectedRevision: 'no-stream', events: newEvents(managerId, 3) },
          { streamId: member, expectedRevision: 'no-stream', events: [newEvent(managerId)] },
        ],
        [],
        [{ streamId: ledger, expectedRevision: 2, events: newEvents(managerId, 2) }],
        [
          { streamId: ledger, expectedRevision: 'any', events: [newEvent(managerId)] },
          { streamId: idem, expectedRevision: 'no-stream', events: [newEvent(managerId, 'CommandAnswered')] },
        ],
      ];
      /** Each stream's event ids, in the order the parts gave them. */
      const idsByStream = (parts: AppendRequest[][]) => {
        const byStream = new Map<string, string[]>();
        for (const request of parts.flat()) byStream.set(request.streamId, [...(byStream.get(request.streamId) ?? []), ...ids(request.events)]);
        return byStream;
      };

      it('should write all the parts as one append, each stream continuing where its earlier parts left it', async () => {
        const [ledger, member, idem] = [uniqueName('ledger'), uniqueName('member'), uniqueName('idem')];
        const parts = threeParts(ledger, member, idem);
        const result = await store.appendInParts(partsOf(parts));

        expect(result.streams).toEqual([
          { streamId: ledger, nextExpectedRevision: 5 },
          { streamId: member, nextExpectedRevision: 0 },
          { streamId: idem, nextExpectedRevision: 0 },
        ]);
        for (const [streamId, expected] of idsByStream(parts)) {
          const read = await store.readStream(streamId);
          expect(ids(read)).toEqual(expected);
          expect(read.map((event) => event.revision)).toEqual(expected.map((_, revision) => revision));
        }
        // The result's events are the log's, in log order (streams may interleave by part).
        const log = await readManagerLog(store, managerId);
        expect(result.events).toEqual(log);
        expect(result.lastPosition).toBe(log[log.length - 1].position);
        expect(new Set(ids(log))).toEqual(new Set(parts.flat().flatMap((request) => ids(request.events))));
        expect(verifyChain(log).ok).toBe(true);
        expect(await store.chainHead(managerId)).toEqual({ seq: 8, hash: log[7].metadata.hash });
      });

      it('should write a thousand events given in parts of a hundred like one append, after the appends made before it', async () => {
        const [ledger, member] = [uniqueName('ledger'), uniqueName('member')];
        const before = store.append(member, 'no-stream', [newEvent(managerId)]);
        const events = newEvents(managerId, 1000);
        const parts = Array.from({ length: 10 }, (_, part): AppendRequest[] => [
          { streamId: ledger, expectedRevision: part === 0 ? 'no-stream' : part * 100 - 1, events: events.slice(part * 100, part * 100 + 100) },
        ]);
        const result = await store.appendInParts(partsOf(parts));
        expect((await before).lastPosition).toBeLessThan(result.lastPosition);
        expect(result.streams).toEqual([{ streamId: ledger, nextExpectedRevision: 999 }]);
        expect(ids(result.events)).toEqual(ids(events));
        expect(ids(await store.readStream(ledger))).toEqual(ids(events));
        const log = await readManagerLog(store, managerId);
        expect(log).toHaveLength(1001);
        expect(verifyChain(log).ok).toBe(true);
      });

      it('should refuse a later part whose expected revision is not where the earlier parts leave its stream, and write nothing', async () => {
        const [ledger, member, idem] = [uniqueName('ledger'), uniqueName('member'), uniqueName('idem')];
        const parts = threeParts(ledger, member, idem);
        parts[2][0].expectedRevision = 1;
        await expect(store.appendInParts(partsOf(parts))).rejects.toThrow(/continues from an earlier part: its expectedRevision must be 'any', 'stream-exists' or 2, got 1/);
        parts[2][0].expectedRevision = 'no-stream';
        await expect(store.appendInParts(partsOf(parts))).rejects.toBeInstanceOf(EventStoreRequestError);
        // A stream belongs to one Manager: a later part may not bring another Manager's events to it.
        parts[2][0].expectedRevision = 2;
        const stranger = uniqueName('mgr');
        parts[2][0].events = newEvents(stranger, 2);
        await expect(store.appendInParts(partsOf(parts))).rejects.toThrow(/all events must belong to one Manager/);
        expect(await readManagerLog(store, stranger)).toHaveLength(0);
        parts[2][0].events = newEvents(managerId, 2);
        parts[2][0].expectedRevision = 'stream-exists';
        expect((await store.appendInParts(partsOf(parts))).streams[0]).toEqual({ streamId: ledger, nextExpectedRevision: 5 });
        expect(await readManagerLog(store, managerId)).toHaveLength(8);
      });

      it('should write nothing when a later part is malformed or the producer throws, and take the next append', async () => {
        const [ledger, member, idem] = [uniqueName('ledger'), uniqueName('member'), uniqueName('idem')];
        const malformed = threeParts(ledger, member, idem);
        malformed[3][1].events[0] = { ...malformed[3][1].events[0], type: '' };
        await expect(store.appendInParts(partsOf(malformed))).rejects.toBeInstanceOf(EventStoreRequestError);

        const failure = new Error('the producer failed half-way');
        const parts = threeParts(ledger, member, idem);
        let calls = 0;
        const throwing = () => {
          if (++calls === 3) throw failure;
          return parts[calls - 1];
        };
        await expect(store.appendInParts(throwing)).rejects.toBe(failure);
        expect(await readManagerLog(store, managerId)).toHaveLength(0);
        expect(await store.streamRevision(ledger)).toBeUndefined();

        await store.appendInParts(partsOf(threeParts(ledger, member, idem)));
        const log = await readManagerLog(store, managerId);
        expect(log).toHaveLength(8);
        expect(verifyChain(log).ok).toBe(true);
      });

      it("should write nothing when a stream's first expectation does not hold, and return the originals when every part is sent again", async () => {
        const [ledger, member, idem] = [uniqueName('ledger'), uniqueName('member'), uniqueName('idem')];
        await store.append(idem, 'no-stream', [newEvent(managerId)]);
        await expect(store.appendInParts(partsOf(threeParts(ledger, member, idem)))).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await readManagerLog(store, managerId)).toHaveLength(1);

        const other = uniqueName('idem');
        const parts = threeParts(ledger, member, other);
        const first = await store.appendInParts(partsOf(parts));
        const again = await store.appendInParts(partsOf(parts));
        expect(again.lastPosition).toBe(first.lastPosition);
        expect(new Set(ids(again.events))).toEqual(new Set(ids(first.events)));
        expect(await readManagerLog(store, managerId)).toHaveLength(9);
      });

      it('should count ids, events and streams over all the parts, and refuse an append with no event', async () => {
        const ledger = uniqueName('ledger');
        const event = newEvent(managerId);
        const twice = [[{ streamId: ledger, expectedRevision: 'any' as const, events: [event] }], [{ streamId: ledger, expectedRevision: 'any' as const, events: [event] }]];
        await expect(store.appendInParts(partsOf(twice))).rejects.toThrow(/appears twice in one request/);
        const half = Math.ceil(DEFAULT_EVENT_STORE_LIMITS.maxEventsPerRequest / 2) + 1;
        const tooMany = [0, 1].map((part): AppendRequest[] => [
          { streamId: ledger, expectedRevision: part === 0 ? 'no-stream' : half - 1, events: newEvents(managerId, half) },
        ]);
        await expect(store.appendInParts(partsOf(tooMany))).rejects.toBeInstanceOf(EventStoreLimitError);
        await expect(store.appendInParts(partsOf([[], []]))).rejects.toThrow(/needs at least one event/);
        expect(await store.streamRevision(ledger)).toBeUndefined();
        const streams = (from: number, count: number): AppendRequest[] =>
          Array.from({ length: count }, (_, i) => ({ streamId: `${ledger}-${from + i}`, expectedRevision: 'no-stream' as const, events: [newEvent(managerId)] }));
        const max = DEFAULT_EVENT_STORE_LIMITS.maxStreamsPerRequest;
        await expect(store.appendInParts(partsOf([streams(0, 60), streams(60, max - 59)]))).rejects.toBeInstanceOf(EventStoreLimitError);
        await expect(store.appendInParts(partsOf([streams(0, max + 1)]))).rejects.toBeInstanceOf(EventStoreLimitError);
        expect(await readManagerLog(store, managerId)).toHaveLength(0);
        expect((await store.appendInParts(partsOf([streams(0, 60), streams(60, max - 60)]))).streams).toHaveLength(max);
      });
    });

    describe('When a request breaks a limit or is malformed', () => {
      it(`should refuse more than ${DEFAULT_EVENT_STORE_LIMITS.maxEventsPerRequest} events in one request`, async () => {
        const streamId = uniqueName('ledger');
        const tooMany = newEvents(managerId, DEFAULT_EVENT_STORE_LIMITS.maxEventsPerRequest + 1);
        await expect(store.append(streamId, 'any', tooMany)).rejects.toBeInstanceOf(EventStoreLimitError);
        expect(await store.streamRevision(streamId)).toBeUndefined();
      });

      it('should refuse event data over 256 KiB', async () => {
        const streamId = uniqueName('ledger');
        const big = newEvent(managerId, 'NoteAdded', { text: 'x'.repeat(256 * 1024) });
        await expect(store.append(streamId, 'any', [big])).rejects.toBeInstanceOf(EventStoreLimitError);
        expect(await store.streamRevision(streamId)).toBeUndefined();
      });

      it('should refuse a readAll page over 10000', async () => {
        await expect(store.readAll({ limit: 10_001 })).rejects.toBeInstanceOf(EventStoreLimitError);
      });

      it('should refuse empty appends, reserved stream names and missing metadata', async () => {
        await expect(store.append(uniqueName('ledger'), 'any', [])).rejects.toBeInstanceOf(EventStoreRequestError);
        await expect(store.append('$system', 'any', [newEvent(managerId)])).rejects.toBeInstanceOf(EventStoreRequestError);
        await expect(store.append(`chain-${managerId}`, 'any', [newEvent(managerId)])).rejects.toBeInstanceOf(EventStoreRequestError);
        const noManager = { ...newEvent(managerId), metadata: { ...newEvent(managerId).metadata, managerId: '' } };
        await expect(store.append(uniqueName('ledger'), 'any', [noManager])).rejects.toBeInstanceOf(EventStoreRequestError);
      });
    });
  });
}
