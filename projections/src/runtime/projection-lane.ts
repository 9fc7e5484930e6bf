import type { EventStore, RecordedEvent, Subscription } from '@skype-manager/event-store';
import type { ReadStore } from '@skype-manager/read-store';
import { applyBatch, type BatchResult } from './batch-applier';
import type { Generation } from './generations';

/**
 * One subscription to the log feeding a set of generations. All live projections share one lane, so
 * the log is read and parsed once and each batch is one read-store transaction for all of them; a
 * generation being (re)built from position 0 gets a lane of its own so it does not hold the others back.
 */
export interface LaneDependencies {
  eventStore: EventStore;
  readStore: ReadStore;
  batchSize: number;
  /** Called after each committed batch, inside the lane (the next batch waits for it). */
  afterBatch(lane: ProjectionLane, result: BatchResult & { events: number; lastPosition: number; elapsedMs: number }): Promise<void>;
}

/** Attempts per batch: a failed commit leaves nothing behind, so retrying it is safe. */
const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = [50, 250];

export class ProjectionLane {
  private generations: Generation[];
  private subscription: Subscription | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: LaneDependencies,
    generations: readonly Generation[],
    readonly purpose: 'live' | 'catch-up',
  ) {
    this.generations = [...generations];
  }

  get keys(): string[] {
    return this.generations.map((generation) => generation.key);
  }

  has(key: string): boolean {
    return this.generations.some((generation) => generation.key === key);
  }

  /** Starts reading after the slowest generation's checkpoint. Settles `done` when stopped or failed. */
  start(): Promise<void> {
    const after = Math.min(...this.generations.map((generation) => generation.checkpoint));
    this.subscription = this.deps.eventStore.subscribe({ after, batchSize: this.deps.batchSize }, (events) => {
      this.inFlight = this.handle(events);
      return this.inFlight;
    });
    return this.subscription.done;
  }

  /** Stops after the batch in flight has been committed. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Stops feeding a generation (its collections are about to be dropped); waits for the batch in flight. */
  async detach(key: string): Promise<void> {
    this.generations = this.generations.filter((generation) => generation.key !== key);
    await this.inFlight.catch(() => undefined);
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    const generations = this.generations;
    if (generations.length === 0) return;
    const startedAt = performance.now();
    const result = await this.applyWithRetry(generations, events);
    await this.deps.afterBatch(this, {
      ...result,
      events: events.length,
      lastPosition: events[events.length - 1].position,
      elapsedMs: performance.now() - startedAt,
    });
  }

  private async applyWithRetry(generations: Generation[], events: RecordedEvent[]): Promise<BatchResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await applyBatch(this.deps.readStore, generations, events);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS[attempt - 1]));
      }
    }
  }
}
