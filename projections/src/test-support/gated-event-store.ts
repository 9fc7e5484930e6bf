import type { EventStore, RecordedEvent, Subscription, SubscribeOptions } from '@skype-manager/event-store';

/**
 * An event store whose subscriptions deliver only while it is not held: lets a spec stop a build
 * half-way and look at what readers see meanwhile.
 */
export class GatedEventStore implements EventStore {
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;

  constructor(private readonly inner: EventStore) {}

  /** Batches wait from now on (the batch in flight finishes). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate();
  }

  /** A held batch is dropped when its subscription stops, so stop() never waits on the gate. */
  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    let stopped = false;
    let wake: () => void = () => undefined;
    const stopping = new Promise<void>((resolve) => (wake = resolve));
    const subscription = this.inner.subscribe(options, async (events) => {
      await Promise.race([this.gate, stopping]);
      if (!stopped) await handler(events);
    });
    return {
      done: subscription.done,
      stop: async () => {
        stopped = true;
        wake();
        await subscription.stop();
      },
    };
  }

  append: EventStore['append'] = (...args) => this.inner.append(...args);
  appendMulti: EventStore['appendMulti'] = (...args) => this.inner.appendMulti(...args);
  appendInParts: EventStore['appendInParts'] = (...args) => this.inner.appendInParts(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  streamRevision: EventStore['streamRevision'] = (...args) => this.inner.streamRevision(...args);
  chainHead: EventStore['chainHead'] = (...args) => this.inner.chainHead(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  loadSnapshot: EventStore['loadSnapshot'] = (...args) => this.inner.loadSnapshot(...args);
  saveSnapshot: EventStore['saveSnapshot'] = (...args) => this.inner.saveSnapshot(...args);
  close: EventStore['close'] = () => this.inner.close();
}
