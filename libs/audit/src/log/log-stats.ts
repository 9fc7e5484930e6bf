import type { EventStore } from '@skype-manager/event-store';

export interface LogStats {
  events: number;
  streams: number;
  managers: number;
  headPosition: number;
  /** Events per type, most frequent first. */
  byType: Record<string, number>;
  /** Events per kind of stream (the stream id up to its first `-`: ledger, member, idempotency…). */
  byStreamKind: Record<string, number>;
  firstOccurredAt: string | null;
  lastOccurredAt: string | null;
}

/** Counts the log by reading it once, in pages (works on every adapter, as it uses only the port). */
export async function logStats(
  store: EventStore,
  options: { pageSize?: number; onProgress?: (progress: { events: number; position: number; headPosition: number }) => void } = {},
): Promise<LogStats> {
  const pageSize = options.pageSize ?? 10_000;
  const headPosition = await store.headPosition();
  const streams = new Set<string>();
  const managers = new Set<string>();
  const byType = new Map<string, number>();
  const byStreamKind = new Map<string, number>();
  let events = 0;
  let first: string | null = null;
  let last: string | null = null;
  let after = 0;
  while (after < headPosition) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      streams.add(event.streamId);
      managers.add(event.metadata.managerId);
      byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
      const kind = event.streamId.split('-', 1)[0];
      byStreamKind.set(kind, (byStreamKind.get(kind) ?? 0) + 1);
      first ??= event.metadata.occurredAt;
      last = event.metadata.occurredAt;
    }
    events += page.length;
    after = page[page.length - 1].position;
    options.onProgress?.({ events, position: after, headPosition });
  }
  return {
    events,
    streams: streams.size,
    managers: managers.size,
    headPosition,
    byType: sortedCounts(byType),
    byStreamKind: sortedCounts(byStreamKind),
    firstOccurredAt: first,
    lastOccurredAt: last,
  };
}

function sortedCounts(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
