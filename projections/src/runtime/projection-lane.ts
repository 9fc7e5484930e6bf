import type { EventStore, RecordedEvent, Subscription } from '@skype-manager/event-store';
import type { ReadStore } from '@skype-manager/read-store';
import { PendingBatch, type BatchResult } from './batch-applier';
import { DocumentCache } from './document-cache';
import type { Generation } from './generations';

/**
 * One subscription to the log feeding a set of generations. All live projections share one lane, so
 * the log is read and parsed once and each batch is one read-store transaction for all of them; a
 * generation being (re)built from position 0 gets a lane of its own so it does not hold the others back.
 *
 * Pages from the log are folded into one pending batch, committed when it is big enough, when a short
 * page says the lane has reached the head, or after `commitIntervalMs` at the latest.
 */
export interface LaneSettings {
  eventStore: EventStore;
  readStore: ReadStore;
  /** Events per page read from the log. */
  batchSize: number;
  /** Events at most in one commit. */
  commitEvents: number;
  /** Documents at most held for one commit (bounds memory and the size of one transaction). */
  commitDocuments: number;
  /** How long applied events wait for a next page before being committed without it. */
  commitIntervalMs: number;
  /**
   * At the head of the log, the least time between two commits (0: commit every page at once). Under a
   * steady stream of small pages (one per group commit of the log) the pages of this window share one
   * read-store transaction, and a document touched by several of them is written once.
   */
  commitSpacingMs: number;
  /** The same while `readerWaiting()` holds (at most `commitSpacingMs`). */
  waitedCommitSpacingMs: number;
  /** True while a reader waits for a position (read-your-writes): commits then come sooner. */
  readerWaiting(): boolean;
  /** Parsed documents kept between batches (0 disables). */
  cacheCapacity: number;
  /** Called after each commit, inside the lane (the next page waits for it). */
  afterCommit(lane: ProjectionLane, result: BatchResult & { elapsedMs: number }): Promise<void>;
}

/** Attempts per commit: a failed commit leaves nothing behind, so committing it again is safe. */
const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = [50, 250];

export class ProjectionLane {
  private generations: Generation[];
  private subscription: Subscription | undefined;
  private readonly cache: DocumentCache;
  private pending: { batch: PendingBatch; startedAt: number } | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** When the flush timer fires (performance.now() time). */
  private flushDue = Number.POSITIVE_INFINITY;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  /** Pages, commits and generation changes run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rejected when a commit outside a page (timer, detach) fails: the lane must stop then. */
  private readonly failure: Promise<never>;
  private fail: (error: unknown) => void = () => undefined;

  constructor(
    private readonly settings: LaneSettings,
    generations: readonly Generation[],
    readonly purpose: 'live' | 'catch-up',
  ) {
    this.generations = [...generations];
    this.cache = new DocumentCache(settings.cacheCapacity);
    // Nothing of a generation at checkpoint 0 was ever committed: its collections are empty.
    const empty = this.generations.filter((generation) => generation.checkpoint === 0);
    this.cache.startedEmpty(empty.flatMap((generation) => [...generation.collections.values()]));
    this.failure = new Promise<never>((_, reject) => (this.fail = reject));
    this.failure.catch(() => undefined);
  }

  get keys(): string[] {
    return this.generations.map((generation) => generation.key);
  }

  has(key: string): boolean {
    return this.generations.some((generation) => generation.key === key);
  }

  /** Starts reading after the slowest generation's checkpoint. Settles when stopped or failed. */
  start(): Promise<void> {
    const after = Math.min(...this.generations.map((generation) => generation.checkpoint));
    const { eventStore, batchSize } = this.settings;
    this.subscription = eventStore.subscribe({ after, batchSize }, (events) =>
      this.serial(() => this.take(events)),
    );
    return Promise.race([this.subscription.done, this.failure]);
  }

  /** Stops reading, then commits what was applied: nothing applied is left uncommitted. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    clearTimeout(this.flushTimer);
    await this.serial(() => this.flush()).catch(() => undefined);
  }

  /** Stops feeding a generation (its collections are about to be dropped) once its events are committed. */
  detach(key: string): Promise<void> {
    const detached = this.serial(async () => {
      await this.flush();
      this.generations = this.generations.filter((generation) => generation.key !== key);
    });
    detached.catch((error: unknown) => this.fail(error));
    return detached;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async take(events: RecordedEvent[]): Promise<void> {
    // A page arrived: the idle timer of the previous one must not cut this batch short.
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.generations.length === 0 || events.length === 0) return;
    const pending = (this.pending ??= {
      batch: new PendingBatch(this.settings.readStore, this.generations, this.cache),
      startedAt: performance.now(),
    });
    try {
      await pending.batch.add(events);
    } catch (error) {
      this.abandon();
      throw error;
    }
    const atHead = events.length < this.settings.batchSize;
    const full =
      pending.batch.size >= this.settings.commitEvents ||
      pending.batch.documents >= this.settings.commitDocuments;
    // Under a steady stream of full pages (catching up), `commitEvents` bounds what waits uncommitted.
    if (full) return this.flush();
    if (atHead) {
      const wait = this.lastCommitAt + this.spacing() - performance.now();
      if (wait <= 0) return this.flush();
      // The last commit was moments ago: let the pages of the next few ms join this one.
      return this.flushLater(wait);
    }
    // A full page may also be the last one for a while: if no page follows soon, commit anyway.
    this.flushLater(this.settings.commitIntervalMs);
  }

  /**
   * A reader has started waiting for a position: what is applied and waiting for its commit is
   * committed once `waitedCommitSpacingMs` has passed since the last commit, not `commitSpacingMs`.
   */
  expedite(): void {
    if (this.flushTimer === undefined) return; // nothing waits (a page on its way sees the reader)
    const wait = Math.max(0, this.lastCommitAt + this.spacing() - performance.now());
    if (performance.now() + wait >= this.flushDue) return;
    clearTimeout(this.flushTimer);
    this.flushLater(wait);
  }

  private spacing(): number {
    const { commitSpacingMs, waitedCommitSpacingMs } = this.settings;
    return this.settings.readerWaiting() ? Math.min(waitedCommitSpacingMs, commitSpacingMs) : commitSpacingMs;
  }

  private flushLater(ms: number): void {
    this.flushDue = performance.now() + ms;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.serial(() => this.flush()).catch((error: unknown) => this.fail(error));
    }, ms);
    this.flushTimer.unref();
  }

  private async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const pending = this.pending;
    if (!pending || pending.batch.size === 0) return;
    this.pending = undefined;
    const result = await this.commitWithRetry(pending.batch);
    this.lastCommitAt = performance.now();
    await this.settings.afterCommit(this, { ...result, elapsedMs: performance.now() - pending.startedAt });
  }

  /** A failed commit wrote nothing and the batch still holds every evolved document: commit it again. */
  private async commitWithRetry(batch: PendingBatch): Promise<BatchResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await batch.commit();
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS[attempt - 1]));
      }
    }
  }

  private abandon(): void {
    this.pending = undefined;
    this.cache.clear();
  }
}
