import { type AllStreamSubscription, END, excludeSystemEvents, type KurrentDBClient } from '@kurrent/kurrentdb-client';

/**
 * The push half of live subscriptions: one `subscribeToAll` per store, from the end of $all and
 * excluding system events, whose only job is to say "something was appended". Subscribers then read
 * $all pages after their own position, so ordering, filtering and back-pressure stay in one place
 * (paged-subscription.ts) and a slow subscriber never makes the server push buffer grow.
 * On error it resubscribes after a delay and signals once, in case events were missed meanwhile;
 * the subscribers' polling fallback covers the gap in between.
 */
export class KurrentLiveSignal {
  private subscription: AllStreamSubscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly signal: () => void,
    private readonly reconnectDelayMs = 1000,
  ) {}

  start(): void {
    if (this.subscription !== undefined || this.stopped) return;
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    this.subscription = subscription;
    subscription.on('data', () => this.signal());
    subscription.on('error', () => this.reconnectLater(subscription));
    subscription.on('end', () => this.reconnectLater(subscription));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
  }

  private reconnectLater(failed: AllStreamSubscription): void {
    if (this.subscription !== failed || this.stopped) return;
    this.subscription = undefined;
    this.signal();
    this.retryTimer = setTimeout(() => this.start(), this.reconnectDelayMs);
  }
}
