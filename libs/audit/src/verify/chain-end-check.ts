import type { ChainHead, EventStore, RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';

/**
 * Events cut off the end of a Manager's chain leave a prefix that links and hashes perfectly; only
 * the store's own record of where the chain ends (`EventStore.chainHead`, kept apart from the events)
 * tells. Remembers the last event read of each Manager and, at the end, compares it with that record.
 */
export class ChainEndCheck {
  private readonly last = new Map<string, ChainHead>();

  note(page: readonly RecordedEvent[]): void {
    for (const event of page) {
      const { managerId, chainSeq, hash } = event.metadata;
      const seen = this.last.get(managerId);
      if (seen === undefined) this.last.set(managerId, { seq: chainSeq, hash });
      else if (chainSeq > seen.seq) {
        seen.seq = chainSeq;
        seen.hash = hash;
      }
    }
  }

  /**
   * A Manager whose chain grew since the verification started is fine when its next event lies after
   * `headPosition` (it will be checked next time).
   */
  async check(store: EventStore, headPosition: number, batch = 64): Promise<AuditProblem[]> {
    const managers = [...this.last];
    const problems: AuditProblem[] = [];
    for (let i = 0; i < managers.length; i += batch) {
      const slice = managers.slice(i, i + batch);
      const found = await Promise.all(slice.map(([managerId, read]) => this.problemOf(store, managerId, read, headPosition)));
      for (const problem of found) if (problem !== undefined) problems.push(problem);
    }
    return problems;
  }

  private async problemOf(store: EventStore, managerId: string, read: ChainHead, headPosition: number): Promise<AuditProblem | undefined> {
    const stored = await store.chainHead(managerId);
    if (stored !== undefined && stored.seq === read.seq && stored.hash === read.hash) return undefined;
    if (stored !== undefined && stored.seq > read.seq) {
      const [next] = await store.readAll({ after: headPosition, limit: 1, managerId });
      if (next !== undefined && next.metadata.chainSeq === read.seq + 1) return undefined;
    }
    const recorded = stored === undefined ? 'no chain' : `its chain ending at chainSeq ${stored.seq}`;
    return {
      kind: 'hash-chain',
      detail: `Manager ${managerId}: the store records ${recorded}, but its events end at chainSeq ${read.seq} (events cut off the end of the chain, or the record rewritten)`,
    };
  }
}
