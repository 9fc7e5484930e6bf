import { verifyChain, type ChainHead, type RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';

/**
 * Re-checks the hash chains (one per Manager) page by page with the event store's own `verifyChain`,
 * carrying each Manager's chain head from one page to the next.
 */
export class ChainCheck {
  private readonly heads = new Map<string, ChainHead>();

  check(page: readonly RecordedEvent[]): AuditProblem[] {
    if (page.length === 0) return [];
    const result = verifyChain(page, { startHeads: this.heads });
    // Continue from each event as stored, as verifyChain does inside a page: one broken link is
    // reported once, not again at every page boundary after it.
    for (const event of page) this.heads.set(event.metadata.managerId, { seq: event.metadata.chainSeq, hash: event.metadata.hash });
    return result.problems.map((problem) => ({
      position: problem.position,
      kind: 'hash-chain' as const,
      detail: `chainSeq ${problem.chainSeq}: ${problem.problem}`,
    }));
  }

  get managers(): string[] {
    return [...this.heads.keys()];
  }
}
