import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One row of `Projector.lag()`: how far a generation is behind the head of the log. */
export interface ProjectionLag {
  projection: string;
  generation: string;
  /** `live`: serving and fed; `building`: being (re)built, not yet serving; `frozen`: serving, not fed (its version is gone from the code, its successor is building). */
  state: 'live' | 'building' | 'frozen';
  checkpoint: number;
  headPosition: number;
  lagEvents: number;
}

/**
 * Prometheus metrics of a projector. Lag is computed when scraped (head position read then), so it is
 * true even when the projector is idle or stuck.
 */
export class ProjectorMetrics {
  readonly registry: Registry;
  private readonly events: Counter<'projection'>;
  private readonly batchSeconds: Histogram;

  constructor(registry: Registry | undefined, lag: () => Promise<ProjectionLag[]>) {
    this.registry = registry ?? new Registry();
    new Gauge({
      name: 'projector_lag_events',
      help: 'Head position of the event log minus the checkpoint, per projection generation',
      labelNames: ['projection', 'generation', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await lag()) {
          this.set(
            { projection: row.projection, generation: row.generation, state: row.state },
            row.lagEvents,
          );
        }
      },
    });
    new Gauge({
      name: 'projector_checkpoint_position',
      help: 'Last log position applied, per projection generation',
      labelNames: ['projection', 'generation'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await lag())
          this.set({ projection: row.projection, generation: row.generation }, row.checkpoint);
      },
    });
    this.events = new Counter({
      name: 'projector_events_applied_total',
      help: 'Events from the log passed through each projection (applied or skipped as not handled)',
      labelNames: ['projection'],
      registers: [this.registry],
    });
    this.batchSeconds = new Histogram({
      name: 'projector_batch_seconds',
      help: 'Time to load, evolve and commit one batch',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
  }

  batchCommitted(projections: readonly string[], events: number, elapsedMs: number): void {
    for (const projection of projections) this.events.inc({ projection }, events);
    this.batchSeconds.observe(elapsedMs / 1000);
  }
}
