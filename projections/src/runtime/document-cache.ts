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
  /**
   * Collections that held no document when the lane started (generations at checkpoint 0: nothing of
   * theirs ever committed), and every key stored since. A document of such a collection that was
   * never stored cannot be in the read store, so a miss needs no read: a rebuild creates most of its
   * documents, and on bench part 4 reading them back as absent was 81,000 lookups. Bounded: past
   * `trackedKeysLimit` keys the tracking stops and misses are read again.
   */
  private readonly emptyAtStart = new Set<string>();
  private readonly stored = new Set<string>();
  private readonly trackedKeysLimit: number;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0)
      throw new RangeError('cache capacity must be a non-negative integer');
    this.trackedKeysLimit = 2 * capacity;
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

  /** Collections known to be empty now; only this cache's lane writes them from here on. */
  startedEmpty(collections: Iterable<string>): void {
    if (this.capacity === 0) return;
    for (const collection of collections) this.emptyAtStart.add(collection);
  }

  /** True when the document cannot be in the store: its collection started empty and it was never stored. */
  neverStored(collection: string, key: string): boolean {
    return this.emptyAtStart.has(collection) && !this.stored.has(key);
  }

  /**
   * Stores (or refreshes) an entry after a commit; the least recently stored ones go first when
   * full. Every document a commit wrote passes here.
   */
  set(key: string, document: ProjectedDocument | undefined): void {
    if (this.capacity === 0) return;
    if (this.emptyAtStart.size > 0) this.track(key);
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

  private track(key: string): void {
    this.stored.add(key);
    if (this.stored.size > this.trackedKeysLimit) this.stopTracking();
  }

  private stopTracking(): void {
    this.emptyAtStart.clear();
    this.stored.clear();
  }

  /** After a failed commit: nothing cached can be trusted, nor what is known about the store. */
  clear(): void {
    this.entries.clear();
    this.stopTracking();
  }
}
