import type { RecordedEvent } from '@skype-manager/event-store';

/**
 * SEAM — read-model replay. Rebuilding a Manager's read models from its log into a fresh in-memory
 * read store and comparing them with the live ones belongs to the projections package (its
 * projections, its runtime, its read-store). `verifyManager` drives it through this interface; until
 * the projections package offers an implementation, verification runs without it and answers
 * `readModelsMatch: null` (the ledger folded from the events is still checked against the
 * invariants). Wire one with `VerifyOptions.readModels`.
 */
export interface ReadModelReplay {
  /** Applies one page of the Manager's events, in log order, to the fresh read models. */
  apply(page: readonly RecordedEvent[]): Promise<void>;
  /**
   * Compares the rebuilt read models with the live ones as of `position` (the last event applied);
   * an empty answer means they match.
   */
  compare(position: number): Promise<ReadModelDifference[]>;
  /** Releases the in-memory store. */
  close(): Promise<void>;
}

export interface ReadModelDifference {
  /** Where the difference was first caused, when the read model knows it (a document's `_position`). */
  position?: number;
  detail: string;
}

/**
 * Creates the replay of one Manager ('' for the whole log). `headPosition` is where the verification
 * stops: a replay that reads the log by itself (in another thread) must stop there too.
 */
export type ReadModelReplayFactory = (managerId: string, scope: { headPosition: number }) => Promise<ReadModelReplay>;
