import type { EventStore, RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';

/**
 * Checks that each stream's revisions run 0, 1, 2… in log order, and at the end that the store's
 * current revision of each stream is the last one read. The chain already catches most tampering;
 * this names the stream, and it also catches a stream whose last event was deleted, which leaves
 * the chain's prefix intact.
 *
 * Account-name streams (`account-{name}`) are shared between Managers (a name released by one may be
 * claimed by another), so a Manager sees only part of them: their revisions are not checked.
 */
const SHARED_STREAM_PREFIXES = ['account-'];

export class StreamCheck {
  private readonly lastRevision = new Map<string, number>();

  check(page: readonly RecordedEvent[]): AuditProblem[] {
    const problems: AuditProblem[] = [];
    for (const event of page) {
      if (isShared(event.streamId)) continue;
      const previous = this.lastRevision.get(event.streamId);
      const expected = previous === undefined ? 0 : previous + 1;
      if (event.revision !== expected) {
        problems.push({
          position: event.position,
          kind: 'stream-revision',
          detail: `stream ${event.streamId}: expected revision ${expected}, found ${event.revision}`,
        });
      }
      if (previous === undefined || event.revision > previous) this.lastRevision.set(event.streamId, event.revision);
    }
    return problems;
  }

  get streamsSeen(): number {
    return this.lastRevision.size;
  }

  /**
   * Compares the store's revision of every stream seen with the last event read. A stream that grew
   * since the verification started is fine when its next event lies after `headPosition`.
   */
  async checkStoredRevisions(store: EventStore, headPosition: number, batch = 256): Promise<AuditProblem[]> {
    const problems: AuditProblem[] = [];
    const streams = [...this.lastRevision];
    for (let i = 0; i < streams.length; i += batch) {
      const slice = streams.slice(i, i + batch);
      const found = await Promise.all(slice.map(([streamId, last]) => this.storedRevisionProblem(store, streamId, last, headPosition)));
      for (const problem of found) if (problem !== undefined) problems.push(problem);
    }
    return problems;
  }

  private async storedRevisionProblem(
    store: EventStore,
    streamId: string,
    lastRead: number,
    headPosition: number,
  ): Promise<AuditProblem | undefined> {
    const stored = await store.streamRevision(streamId);
    if (stored === lastRead) return undefined;
    if (stored !== undefined && stored > lastRead) {
      const [next] = await store.readStream(streamId, { fromRevision: lastRead + 1, maxCount: 1 });
      if (next !== undefined && next.position > headPosition) return undefined;
    }
    return {
      kind: 'stream-revision',
      detail: `stream ${streamId}: the store records revision ${stored ?? 'none'} but its events end at revision ${lastRead} (events deleted or moved)`,
    };
  }
}

function isShared(streamId: string): boolean {
  return SHARED_STREAM_PREFIXES.some((prefix) => streamId.startsWith(prefix));
}
