import type { ProjectedDocument } from './projection';

/**
 * Documents a lane has recently loaded or written, kept parsed between batches so a hot document
 * (a member's balance, today's group total) is not read back and re-parsed for every batch.
 *
 * Valid only because a generation is written by exactly one lane. `undefined` is cached too: "known
 * absent" spares a lookup for documents the batch is about to create. After a failed commit the
 * cached objects (changed in place by evolve) no longer match the store, so the cache is cleared.
 */
export class DocumentCache {
  private readonly entries = new Map<string, ProjectedDocument | undefined>();

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0)
      throw new RangeError('cache capacity must be a non-negative integer');
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): ProjectedDocument | undefined {
    return this.entries.get(key);
  }

  /** Stores (or refreshes) an entry; the least recently stored ones go first when full. */
  set(key: string, document: ProjectedDocument | undefined): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, document);
    if (this.entries.size > this.capacity) this.evict();
  }

  /**
   * Drops the least recently stored tenth in one pass (Map iteration follows insertion order).
   * Evicting one entry per insert would rescan the deleted slots at the head of the Map each time.
   */
  private evict(): void {
    let excess = this.entries.size - Math.floor(this.capacity * 0.9);
    for (const oldest of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
