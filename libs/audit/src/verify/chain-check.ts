import {
  canonicalJson,
  canonicalJsonOmitting,
  computeEventHashOfCanonical,
  verifyChain,
  type ChainHead,
  type RecordedEvent,
} from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';

/**
 * Re-checks the hash chains (one per Manager) page by page, carrying each Manager's chain head from
 * one page to the next.
 *
 * Two steps, so that the answer is always the event store's own `verifyChain`:
 *  1. a fast pass recognises a page in which every event is intact — position after the previous
 *     one, chainSeq one more than its Manager's head, prevHash equal to the head's hash, and the
 *     stored hash equal to the store's hash of the content (`computeEventHashOfCanonical` of the
 *     store's canonical JSON), without the problem bookkeeping of `verifyChain`;
 *  2. a page where any event fails the fast pass (or the fast pass cannot render it) is checked
 *     again, from the same heads, by `verifyChain`, whose findings are reported as they are.
 * A page passes step 1 only if `verifyChain` would find nothing in it (the same checks; a hash that
 * matches the stored one is the hash of the same text, unless SHA-256 collides), so tampering is
 * named exactly as before, and an intact log (the common case) costs the fast pass only.
 */
export class ChainCheck {
  /** Each Manager's head, updated in place (not one object per event). */
  private readonly heads = new Map<string, ChainHead>();

  check(page: readonly RecordedEvent[]): AuditProblem[] {
    if (page.length === 0) return [];
    const before = new Map<string, ChainHead | undefined>();
    if (this.intact(page, before)) return [];
    // Back to the heads before this page, then the store's verifier decides. It continues from each
    // event as stored (endHeads too): one broken link is reported once, not at every later page.
    for (const [managerId, head] of before) {
      if (head === undefined) this.heads.delete(managerId);
      else this.heads.set(managerId, head);
    }
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

  /**
   * The fast pass: true when every event of the page links and hashes as stored, the heads then
   * being moved past the page. `before` receives each touched Manager's head as it was before the
   * page (undefined: it had none), so a page that is not intact can be checked again from there.
   */
  private intact(page: readonly RecordedEvent[], before: Map<string, ChainHead | undefined>): boolean {
    let lastPosition = -Infinity;
    let lastManager: string | undefined;
    let head: ChainHead | undefined;
    for (let index = 0; index < page.length; index++) {
      const event = page[index];
      const metadata = event.metadata;
      if (typeof metadata !== 'object' || metadata === null) return false;
      const managerId = metadata.managerId;
      if (head === undefined || managerId !== lastManager) {
        head = this.heads.get(managerId);
        if (!before.has(managerId)) before.set(managerId, head === undefined ? undefined : { seq: head.seq, hash: head.hash });
        if (head === undefined) this.heads.set(managerId, (head = { seq: 0, hash: '' }));
        lastManager = managerId;
      }
      if (!(event.position > lastPosition)) return false;
      if (metadata.chainSeq !== head.seq + 1 || metadata.prevHash !== head.hash) return false;
      if (this.hashOf(event) !== metadata.hash) return false;
      head.seq = metadata.chainSeq;
      head.hash = metadata.hash;
      lastPosition = event.position;
    }
    return true;
  }

  /**
   * The chain hash of an event, as `computeEventHash` defines it (hash-chain.ts in the event store):
   * SHA-256 of prevHash + the canonical JSON of {chainSeq, data, id, metadata without the chain
   * fields, revision, streamId, type}; undefined when the event cannot be rendered here.
   */
  private hashOf(event: RecordedEvent): string | undefined {
    const { data, metadata } = event;
    if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof event.revision !== 'number') return undefined;
    return computeEventHashOfCanonical(metadata.prevHash, {
      chainSeq: metadata.chainSeq,
      streamId: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      canonicalData: canonicalJson(data),
      canonicalMetadata: canonicalJsonOmitting(metadata, CHAIN_FIELDS),
    });
  }
}

/** The metadata keys that are the chain's, never part of the hashed content. */
const CHAIN_FIELDS: ReadonlySet<string> = new Set(['chainSeq', 'prevHash', 'hash']);

