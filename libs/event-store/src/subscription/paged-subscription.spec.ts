import type { RecordedEvent } from '../event-store.port';
import { ChangeNotifier, startPagedSubscription, type PagedSubscriptionSource } from './paged-subscription';

/** A log in memory behind a paged-subscription source that counts its reads. */
function memoryLog(maxPageSize = 10_000) {
  const events: RecordedEvent[] = [];
  const notifier = new ChangeNotifier(2_000); // polls far slower than the test: only notify() wakes it here
  const reads: Array<{ after: number; returned: number }> = [];
  const source: PagedSubscriptionSource = {
    readPage: async (after, limit) => {
      const page = events.filter((event) => event.position > after).slice(0, Math.min(limit, maxPageSize)); // a store caps its reads
      reads.push({ after, returned: page.length });
      return page;
    },
    maxPageSize,
    changeToken: () => notifier.changeToken(),
    waitForChange: (token, signal) => notifier.waitForChange(token, signal),
  };
  const append = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const position = events.length + 1;
      events.push({ position, id: `e${position}`, streamId: 's', revision: position - 1, type: 'T', data: {}, metadata: {} } as unknown as RecordedEvent);
    }
    notifier.notify();
  };
  return { source, append, reads };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('startPagedSubscription', () => {
  it('should deliver every event in order, across full pages, short pages and later commits', async () => {
    const log = memoryLog();
    log.append(7);
    const seen: number[] = [];
    const subscription = startPagedSubscription(log.source, { after: 0, batchSize: 3 }, async (page) => {
      seen.push(...page.map((event) => event.position));
    });
    await settle();
    log.append(2);
    await settle();
    log.append(1);
    await settle();
    await subscription.stop();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('should wait for a change after a short page instead of reading an empty page first', async () => {
    const log = memoryLog();
    log.append(2);
    const subscription = startPagedSubscription(log.source, { after: 0, batchSize: 10 }, async () => undefined);
    try {
      await settle();
      expect(log.reads).toEqual([{ after: 0, returned: 2 }]); // at the head: no second, empty read
      log.append(1);
      await settle();
      expect(log.reads).toEqual([
        { after: 0, returned: 2 },
        { after: 2, returned: 1 },
      ]);
    } finally {
      await subscription.stop();
    }
  });

  it('should not miss a commit made while the handler runs', async () => {
    const log = memoryLog();
    log.append(1);
    const seen: number[] = [];
    let first = true;
    const subscription = startPagedSubscription(log.source, { after: 0, batchSize: 10 }, async (page) => {
      seen.push(...page.map((event) => event.position));
      if (first) {
        first = false;
        log.append(1); // committed after the read, before the wait: the wait must return at once
      }
    });
    await settle();
    await settle();
    await subscription.stop();
    expect(seen).toEqual([1, 2]);
  });

  it('should read on past pages capped by the source, without waiting for a change, until the head', async () => {
    const log = memoryLog(2); // the store returns at most 2 events per read
    log.append(5);
    const seen: number[] = [];
    const subscription = startPagedSubscription(log.source, { after: 0, batchSize: 100 }, async (page) => {
      seen.push(...page.map((event) => event.position));
    });
    for (let i = 0; i < 5; i++) await settle();
    await subscription.stop();
    // No commit after the start: only a read that did not wait for one can see past the first page.
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(log.reads).toEqual([
      { after: 0, returned: 2 },
      { after: 2, returned: 2 },
      { after: 4, returned: 1 },
    ]);
  });
});
