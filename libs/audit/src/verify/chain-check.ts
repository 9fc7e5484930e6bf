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
    // verifyChain continues from each event as stored (endHeads too): one broken link is reported
    // once, not again at every page boundary after it.
    const result = verifyChain(page, { startHeads: this.heads, endHeads: this.heads });
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
