import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

export const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;

/** Where a paged subscription gets its events from, and how it learns that there are new ones. */
export interface PagedSubscriptionSource {
  /** Events with position > after (already filtered by Manager), at most `limit`, in log order. */
  readPage(after: number, limit: number): Promise<RecordedEvent[]>;
  /** The most events one readPage returns (the store's read limit): pages are asked for at most this. */
  maxPageSize: number;
  /** A token that changes whenever new events may have been committed. */
  changeToken(): number;
  /**
   * Resolves once the change token differs from `token`, or after a polling interval (writes from
   * other processes are only seen by polling), or as soon as `signal` aborts.
   */
  waitForChange(token: number, signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up and live in one loop: read a page after the last delivered position; deliver it and wait
 * for the handler (back-pressure); when a page comes back short (the head), wait for a change and read again.
 * Delivering from the log (rather than pushing commits to handlers) keeps catch-up and live the same
 * code path and makes a slow handler simply fall behind instead of buffering without bound.
 */
export function startPagedSubscription(
  source: PagedSubscriptionSource,
  options: SubscribeOptions,
  handler: (events: RecordedEvent[]) => Promise<void>,
): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  // A page shorter than this means the head: asking for more than the source returns would make every
  // page look short, and the subscription wait for a change after each one while it is far behind.
  const pageSize = Math.min(batchSize, source.maxPageSize);
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    let after = options.after;
    while (!abort.signal.aborted) {
      // Taken before the read: a commit after this point changes it, so the wait below cannot miss it.
      const token = source.changeToken();
      const page = await source.readPage(after, pageSize);
      if (abort.signal.aborted) return;
      if (page.length > 0) {
        await handler(page);
        after = page[page.length - 1].position;
      }
      // A short page reached the head: wait for the next change instead of reading an empty page
      // first (live, that empty read came after every commit: half the reads of the in-process projector).
      if (page.length < pageSize) await source.waitForChange(token, abort.signal);
    }
  };
  const done = run();
  // Marks `done` as handled: a subscriber that only calls stop() must not cause an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      abort.abort();
      // stop() settles after the in-flight handler call; the handler's own failure is reported by `done`.
      await done.catch(() => undefined);
    },
  };
}

/**
 * Wakes waiting subscriptions: `notify()` after every commit of this process; a timer covers
 * commits made by other processes on the same database file.
 */
export class ChangeNotifier {
  private token = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly pollIntervalMs: number) {}

  changeToken(): number {
    return this.token;
  }

  notify(): void {
    this.token += 1;
    for (const wake of [...this.waiters]) wake();
  }

  waitForChange(token: number, signal: AbortSignal): Promise<void> {
    if (token !== this.token || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, this.pollIntervalMs);
      this.waiters.add(wake);
      signal.addEventListener('abort', wake);
    });
  }
}

/** The live subscriptions of one store: each adapter starts them here and stops them all on close. */
export class SubscriptionSet {
  private readonly running = new Set<Subscription>();

  start(
    source: PagedSubscriptionSource,
    options: SubscribeOptions,
    handler: (events: RecordedEvent[]) => Promise<void>,
  ): Subscription {
    const subscription = startPagedSubscription(source, options, handler);
    this.running.add(subscription);
    const forget = (): void => void this.running.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((subscription) => subscription.stop()));
  }
}
