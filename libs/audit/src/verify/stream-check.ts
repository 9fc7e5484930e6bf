import type { RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';

/**
 * Checks that each stream's revisions run 0, 1, 2… in log order. The chain already catches most
 * tampering; this names the stream. (A stream's current revision is not compared with a stored one:
 * both adapters derive it from the events themselves, so it cannot disagree. Events cut off the end
 * of a Manager's chain are caught by ChainEndCheck against the store's record of the chain's end.)
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
}

function isShared(streamId: string): boolean {
  return SHARED_STREAM_PREFIXES.some((prefix) => streamId.startsWith(prefix));
}
