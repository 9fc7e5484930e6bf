import { EVENT_SCHEMA_VERSION } from '@skype-manager/domain';
import type { EventStore, JsonObject, RecordedEvent, Subscription } from '@skype-manager/event-store';
import { generateHistory, type HistoryShape } from './history-generator';

/**
 * A read-only event store that generates its history on the fly, page by page: measures the
 * projector alone over millions of events without holding them in memory or paying for a real log.
 */
export class GeneratedEventStore implements Pick<EventStore, 'subscribe' | 'headPosition'> {
  constructor(private readonly shape: HistoryShape) {}

  async headPosition(): Promise<number> {
    return this.shape.events;
  }

  subscribe(
    options: { after: number; batchSize?: number },
    handler: (events: RecordedEvent[]) => Promise<void>,
  ): Subscription {
    let stopped = false;
    const batchSize = options.batchSize ?? 500;
    const run = async () => {
      let position = 0;
      let page: RecordedEvent[] = [];
      for (const item of generateHistory(this.shape)) {
        position += 1;
        if (position <= options.after) continue;
        page.push({
          id: `g-${position}`,
          streamId: item.streamId,
          revision: 0,
          position,
          type: item.event.type,
          data: item.event.data as unknown as JsonObject,
          metadata: {
            managerId: item.managerId,
            occurredAt: item.occurredAt,
            actor: 'system',
            correlationId: 'c',
            causationId: 'c',
            schemaVersion: EVENT_SCHEMA_VERSION,
            chainSeq: position,
            prevHash: '',
            hash: '',
          },
        });
        if (page.length === batchSize) {
          await handler(page);
          page = [];
          if (stopped) return;
        }
      }
      if (page.length > 0) await handler(page);
      while (!stopped) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const done = run();
    done.catch(() => undefined);
    return {
      done,
      stop: async () => {
        stopped = true;
        await done.catch(() => undefined);
      },
    };
  }
}
