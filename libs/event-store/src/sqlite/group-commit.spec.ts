import { GroupCommitQueue, type Outcome } from './group-commit';

function recordingQueue(maxBatch = 1000) {
  const batches: number[][] = [];
  let commits = 0;
  const queue = new GroupCommitQueue<number, number>(
    (requests) => {
      batches.push(requests);
      return requests.map((n): Outcome<number> => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 10 }));
    },
    maxBatch,
    () => {
      commits += 1;
    },
  );
  return { queue, batches, commits: () => commits };
}

describe('GroupCommitQueue', () => {
  it('should commit requests of the same tick, even across microtasks, in one batch', async () => {
    const { queue, batches } = recordingQueue();
    const first = queue.enqueue(1);
    await Promise.resolve(); // a flush on queueMicrotask would already have run here
    const second = queue.enqueue(2);
    await expect(Promise.all([first, second])).resolves.toEqual([10, 20]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('should answer a caller only after the batch was committed', async () => {
    const { queue, batches } = recordingQueue();
    let answeredBeforeCommit = false;
    const answer = queue.enqueue(1).then(() => {
      answeredBeforeCommit = batches.length === 0;
    });
    await answer;
    expect(answeredBeforeCommit).toBe(false);
  });

  it('should fail only the failing request and report the commit', async () => {
    const { queue, batches, commits } = recordingQueue();
    const outcomes = await Promise.allSettled([queue.enqueue(1), queue.enqueue(-1), queue.enqueue(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toHaveLength(1);
    expect(commits()).toBe(1);
  });

  it('should reject every request when the transaction itself fails', async () => {
    const queue = new GroupCommitQueue<number, number>(
      () => {
        throw new Error('disk full');
      },
      1000,
      () => undefined,
    );
    const outcomes = await Promise.allSettled([queue.enqueue(1), queue.enqueue(2)]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });

  it('should split at the safety cap and commit the rest on the next tick', async () => {
    const { queue, batches } = recordingQueue(2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => queue.enqueue(n)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('should commit everything queued on flushAll, synchronously', () => {
    const { queue, batches } = recordingQueue(2);
    void queue.enqueue(1);
    void queue.enqueue(2);
    void queue.enqueue(3);
    queue.flushAll();
    expect(batches).toEqual([[1, 2], [3]]);
    expect(queue.size).toBe(0);
  });

  it('should hand the next batch to an asynchronous committer while the previous one commits, and answer in order', async () => {
    const started: number[][] = [];
    const commits: Array<() => void> = [];
    const queue = new GroupCommitQueue<number, number>(
      (requests) =>
        new Promise((resolve) => {
          started.push(requests);
          commits.push(() => resolve(requests.map((n) => ({ ok: true, value: n }))));
        }),
      1000,
      () => undefined,
    );
    const answered: number[] = [];
    const first = queue.enqueue(1).then((n) => answered.push(n));
    await new Promise((resolve) => setImmediate(resolve));
    const second = queue.enqueue(2).then((n) => answered.push(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([[1], [2]]); // batch 2 handed over before batch 1 committed
    expect(answered).toEqual([]); // nobody answered before its commit

    let closed = false;
    const flushed = queue.flushAll().then(() => {
      closed = true;
    });
    commits[0]();
    await first;
    expect(answered).toEqual([1]);
    expect(closed).toBe(false); // flushAll waits for every batch handed over
    commits[1]();
    await Promise.all([second, flushed]);
    expect(answered).toEqual([1, 2]);
  });

  it('should reject every request of a batch whose asynchronous commit fails', async () => {
    const queue = new GroupCommitQueue<number, number>(() => Promise.reject(new Error('writer thread stopped')), 1000, () => undefined);
    const outcomes = await Promise.allSettled([queue.enqueue(1), queue.enqueue(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('should hand over open batches as the queue fills and close the last one on the tick', async () => {
    const handed: Array<[number[], boolean]> = [];
    const queue = new GroupCommitQueue<number, number>(
      (requests, more) => {
        handed.push([requests, more]);
        return requests.map((n): Outcome<number> => ({ ok: true, value: n }));
      },
      1000,
      () => undefined,
      { openBatchFrom: 2 },
    );
    const five = [1, 2, 3, 4, 5].map((n) => queue.enqueue(n));
    expect(handed).toEqual([
      [[1, 2], true],
      [[3, 4], true],
    ]); // handed over while the turn is still queueing
    await Promise.all(five);
    expect(handed.at(-1)).toEqual([[5], false]);

    handed.length = 0;
    await Promise.all([6, 7].map((n) => queue.enqueue(n)));
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing left for the tick: an empty batch closes the open one.
    expect(handed).toEqual([
      [[6, 7], true],
      [[], false],
    ]);
  });
});
