import type { EventStore } from '@skype-manager/event-store';
import type { ReadStore } from '@skype-manager/read-store';
import type { Registry } from 'prom-client';
import { GenerationCatalog } from './generation-catalog';
import type { Generation } from './generations';
import { PositionWaiters } from './position-waiters';
import type { Projection } from './projection';
import { ProjectionLane } from './projection-lane';
import { ProjectorMetrics, type ProjectionLag } from './projector-metrics';

export interface ProjectorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ProjectorOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  /**
   * Events per page read from the log (at most 10,000). Default 1000: pages are folded into bigger
   * commits anyway, and a page is held in memory while it is applied; a page of 5000 lived long enough
   * to be promoted out of V8's young generation, which cost more in GC than the extra reads.
   */
  batchSize?: number;
  /**
   * Events at most in one commit (one read-store transaction). Default 500,000: while catching up,
   * pages are folded together so each document is written once for many events (on bench part 4, a
   * member's balance and month of spend once per ~50 charges); once live, a commit holds just what is new.
   * A crash loses only the uncommitted events, which are read again from the checkpoint.
   */
  commitEvents?: number;
  /**
   * Documents at most held for one commit: bounds memory and the size of one transaction. Default
   * 80,000 (read-model documents are small: a month of a member's spend is under 2 KB).
   */
  commitDocuments?: number;
  /**
   * How long applied events wait for a next page before they are committed without it, in ms.
   * Default 200.
   */
  commitIntervalMs?: number;
  /**
   * At the head of the log, the least time between two commits of a lane, in ms, while no reader waits
   * for a position. Default 100: under load (a group commit of the log every few ms) pages share
   * read-store transactions and a document touched by several is written once. Measured on bench part 1
   * (HTTP, 64 connections, 100 members): 20 ms wrote 1.82 documents per event, 100 ms 1.25; the allocate
   * route served 0.03-0.07 more of the bare ceiling, the usage route 0 to 0.07 depending on the run;
   * 250 ms gained nothing more. A read model is then at most this much later than the log; a reader
   * that waits for a position shortens it (below).
   */
  commitSpacingMs?: number;
  /**
   * The same while a reader waits for a position (`waitForPosition`, the API's `?minPosition=`), in ms:
   * the lanes then commit what they hold once this much has passed since their last commit. Default 20.
   * At most `commitSpacingMs`.
   */
  waitedCommitSpacingMs?: number;
  /**
   * Parsed documents each lane keeps between batches. Default 80,000: enough for the documents a
   * catch-up keeps touching (bench part 4: 10,000 members' balances and current months of spend, their
   * departments' and Managers'), so they are not read back and parsed again for every commit. Measured
   * on the 1M-event rebuild: 20,000 thrashed (309,000 document writes, 22 s of CPU); 80,000 with
   * commits of 500,000 events: 122,000 writes, 15 s, peak RSS 386 MB.
   */
  cacheCapacity?: number;
  /** Where the lag gauges are registered; default a private registry (`projector.metrics.registry`). */
  metricsRegistry?: Registry;
  logger?: ProjectorLogger;
}

export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_CACHE_CAPACITY = 80_000;
export const DEFAULT_COMMIT_EVENTS = 500_000;
export const DEFAULT_COMMIT_DOCUMENTS = 80_000;
export const DEFAULT_COMMIT_INTERVAL_MS = 200;
export const DEFAULT_COMMIT_SPACING_MS = 100;
export const DEFAULT_WAITED_COMMIT_SPACING_MS = 20;
const MAX_BATCH_SIZE = 10_000;
/** The longest commit delay a projector accepts: read models must not fall minutes behind by design. */
const MAX_DELAY_MS = 60_000;
const silent: ProjectorLogger = { info: () => undefined, error: () => undefined };

/**
 * Runs projections against the event log: resumes every projection from its checkpoint, builds new
 * versions and rebuilds into fresh generations, switches readers over when they have caught up, and
 * tells callers when the read models have reached a position.
 */
export class Projector {
  readonly metrics: ProjectorMetrics;
  private readonly catalog: GenerationCatalog;
  private readonly waiters = new PositionWaiters();
  private readonly lanes = new Set<ProjectionLane>();
  private readonly logger: ProjectorLogger;
  private readonly batchSize: number;
  private failure: Error | undefined;
  private running = false;
  private stopped = false;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  /** Resolves when the projector is stopped, rejects when a lane fails (a projection bug, a store down). */
  readonly done: Promise<void>;

  constructor(private readonly options: ProjectorOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
    }
    for (const name of ['commitSpacingMs', 'waitedCommitSpacingMs', 'commitIntervalMs'] as const) {
      const value = options[name];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= MAX_DELAY_MS)) {
        throw new RangeError(`${name} must be a number of ms from 0 to ${MAX_DELAY_MS}, got ${value}`);
      }
    }
    this.logger = options.logger ?? silent;
    this.catalog = new GenerationCatalog(options.readStore, options.projections);
    this.metrics = new ProjectorMetrics(options.metricsRegistry, () => this.lag());
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  /** Resumes every projection from its checkpoint. A projector starts once; after stop(), make another. */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.stopped) throw new Error('this projector was stopped: create a new one');
    this.running = true;
    const plan = await this.catalog.load();
    if (plan.live.length > 0) this.runLane(plan.live, 'live');
    const catchUp = [...plan.fresh, ...plan.builds.map((build) => build.generation)];
    if (catchUp.length > 0) await this.startCatchUp(catchUp);
    this.logger.info('projector started', {
      live: plan.live.map((generation) => generation.key),
      catchingUp: catchUp.map((generation) => generation.key),
    });
  }

  /** Stops every lane after its batch in flight; pending waits are answered with what holds now. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopped = true;
    await Promise.all([...this.lanes].map((lane) => lane.stop()));
    this.lanes.clear();
    this.waiters.releaseAll();
    this.catalog.abandonWaits(
      new Error('the projector stopped before the build finished; it resumes on the next start'),
    );
    this.settle.resolve();
  }

  /** Rebuilds projections (default all) from position 0 into fresh generations; resolves once they serve. */
  async rebuild(names: readonly string[] = this.options.projections.map((p) => p.name)): Promise<void> {
    if (!this.running) throw new Error('start the projector before rebuilding');
    const builds = await this.catalog.planRebuilds(names);
    const switched = Promise.all(names.map((name) => this.catalog.whenServing(name)));
    if (builds.length > 0) await this.startCatchUp(builds.map((build) => build.generation));
    await switched;
  }

  /** Resolves once every projection serves a generation of the code's version (builds caught up). */
  async whenAllServing(): Promise<void> {
    await Promise.all(
      this.options.projections.map((projection) => this.catalog.whenServing(projection.name)),
    );
  }

  /**
   * Resolves true once every projection named (default all) serves a generation at or past
   * `position`; false after `timeoutMs` (the API then answers 503).
   */
  waitForPosition(position: number, timeoutMs: number, projections?: readonly string[]): Promise<boolean> {
    if (this.failure) return Promise.resolve(this.catalog.servingPosition(projections) >= position);
    const reached = this.waiters.wait(() => this.catalog.servingPosition(projections) >= position, timeoutMs);
    // A reader waits now: what the lanes hold is committed after the shorter spacing.
    if (this.waiters.size > 0) for (const lane of this.lanes) lane.expedite();
    return reached;
  }

  /** Lag of every generation the projector knows, for readiness and the gauges. */
  async lag(): Promise<ProjectionLag[]> {
    const headPosition = await this.options.eventStore.headPosition();
    return this.catalog.describe(headPosition, (key) => [...this.lanes].some((lane) => lane.has(key)));
  }

  /** The largest lag of a serving generation: what readiness compares with its threshold. */
  async maxServingLag(): Promise<number> {
    const rows = (await this.lag()).filter((row) => row.state !== 'building');
    return rows.reduce((max, row) => Math.max(max, row.lagEvents), 0);
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Generations far behind the others get their own lane, so they do not hold the live lane back. */
  private async startCatchUp(generations: Generation[]): Promise<void> {
    this.runLane(generations, 'catch-up');
    // An empty log (or one already applied) never delivers a batch: switch right away.
    await this.switchCaughtUp(await this.options.eventStore.headPosition());
  }

  private runLane(generations: Generation[], purpose: 'live' | 'catch-up'): void {
    const lane = new ProjectionLane(
      {
        eventStore: this.options.eventStore,
        readStore: this.options.readStore,
        batchSize: this.batchSize,
        commitEvents: Math.max(this.batchSize, this.options.commitEvents ?? DEFAULT_COMMIT_EVENTS),
        commitDocuments: this.options.commitDocuments ?? DEFAULT_COMMIT_DOCUMENTS,
        commitIntervalMs: this.options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS,
        commitSpacingMs: this.options.commitSpacingMs ?? DEFAULT_COMMIT_SPACING_MS,
        waitedCommitSpacingMs: this.options.waitedCommitSpacingMs ?? DEFAULT_WAITED_COMMIT_SPACING_MS,
        readerWaiting: () => this.waiters.size > 0,
        cacheCapacity: this.options.cacheCapacity ?? DEFAULT_CACHE_CAPACITY,
        afterCommit: async (batchLane, result) => {
          this.metrics.batchCommitted(
            batchLane.keys.map((key) => this.catalog.projectionOf(key)),
            result.events,
            result.elapsedMs,
          );
          this.waiters.check();
          if (this.catalog.hasBuildIn(batchLane.keys)) {
            await this.switchCaughtUp(await this.options.eventStore.headPosition());
          }
        },
      },
      generations,
      purpose,
    );
    this.lanes.add(lane);
    lane.start().then(
      () => this.lanes.delete(lane),
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Builds that have reached the head take over; the generations they replace are dropped. */
  private async switchCaughtUp(headPosition: number): Promise<void> {
    for (const build of this.catalog.caughtUp(headPosition)) {
      const replaced = await this.catalog.promote(build);
      if (replaced) {
        for (const lane of this.lanes) if (lane.has(replaced.key)) await lane.detach(replaced.key);
        await this.catalog.drop(replaced);
      }
      this.logger.info('projection generation now serving', {
        projection: build.generation.projection.name,
        generation: build.generation.key,
        replaced: replaced?.key,
      });
    }
    this.waiters.check();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.logger.error('projector stopped on an error', { error: error.message });
    this.waiters.releaseAll();
    this.catalog.abandonWaits(error);
    void Promise.all([...this.lanes].map((lane) => lane.stop())).finally(() => {
      this.running = false;
      this.settle.reject(error);
    });
  }
}
