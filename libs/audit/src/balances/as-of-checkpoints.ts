import type { LedgerState, OpenLedger } from '@skype-manager/domain';
import type { EventStore, JsonValue } from '@skype-manager/event-store';

/**
 * Audit checkpoints: copies of a Manager's ledger state taken every so many ledger events, so that
 * "balances as of T" folds at most one interval of events instead of the whole history.
 *
 * Stored through the event store's snapshot port (any stream id that is not reserved), apart from
 * the writer's own `ledger-{m}` snapshot, which is overwritten as the ledger grows:
 *   `asof-ledger-{m}-index`   the list of checkpoints (small: one entry per interval)
 *   `asof-ledger-{m}-cp-{k}`  checkpoint k's state
 * Everything here can be dropped and rebuilt from the log; nothing here is ever trusted over it (each
 * checkpoint names the id of the ledger event it reflects, and one that no longer matches the log is
 * discarded with the whole index).
 */
export const AS_OF_SCHEMA = 'asof-ledger-v1';

export interface CheckpointEntry {
  /** 0, 1, 2… in ledger order. */
  seq: number;
  /** Ledger revision of the last event folded in. */
  revision: number;
  /** Its global position and id (the id proves the checkpoint still matches the log). */
  position: number;
  eventId: string;
  /**
   * The latest `occurredAt` (epoch ms) among ledger events 0…revision. It never decreases along the
   * ledger, so the checkpoints are ordered by it and binary-searchable even if clocks stepped back.
   */
  maxOccurredAtMs: number;
}

export const asOfIndexStreamId = (managerId: string): string => `asof-ledger-${managerId}-index`;
export const asOfCheckpointStreamId = (managerId: string, seq: number): string => `asof-ledger-${managerId}-cp-${seq}`;

/** Fewest ledger events between two checkpoints. */
export const MIN_CHECKPOINT_INTERVAL = 1000;
/**
 * Why the interval grows with the number of accounts: a checkpoint's size is proportional to the
 * accounts, so taking one every 8 × accounts events keeps the checkpoints' total size a small,
 * fixed fraction of the log (a few bytes per event), while an as-of query still folds at most one
 * interval (its cost is of the order of reading one checkpoint).
 */
export function checkpointInterval(state: LedgerState, minimum = MIN_CHECKPOINT_INTERVAL): number {
  if (state.status !== 'open') return minimum;
  return Math.max(minimum, 8 * (Object.keys(state.members).length + Object.keys(state.departments).length));
}

export async function loadIndex(store: EventStore, managerId: string): Promise<CheckpointEntry[]> {
  const snapshot = await store.loadSnapshot(asOfIndexStreamId(managerId));
  if (snapshot === undefined || snapshot.schema !== AS_OF_SCHEMA) return [];
  const entries = (snapshot.state as { entries?: unknown }).entries;
  return Array.isArray(entries) ? (entries as unknown as CheckpointEntry[]) : [];
}

export async function saveIndex(store: EventStore, managerId: string, entries: readonly CheckpointEntry[]): Promise<void> {
  await store.saveSnapshot({
    streamId: asOfIndexStreamId(managerId),
    revision: entries.length,
    schema: AS_OF_SCHEMA,
    state: { entries: entries as unknown as JsonValue[] },
  });
}

/** The last checkpoint whose whole prefix happened at or before `instantMs` (binary search). */
export function latestCheckpointAtOrBefore(entries: readonly CheckpointEntry[], instantMs: number): CheckpointEntry | undefined {
  let low = 0;
  let high = entries.length - 1;
  let found: CheckpointEntry | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle].maxOccurredAtMs <= instantMs) {
      found = entries[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * What a checkpoint keeps: the ledger state without the id registers (usage ids seen and by day,
 * payment references, grants, numbers). Balances never read them, and `evolveLedger` only adds to or
 * deletes from them, so folding on from a trimmed state gives the same balances; keeping them would
 * make every checkpoint as large as the whole usage history.
 */
export function trimmedState(state: OpenLedger): JsonValue {
  return JSON.parse(
    JSON.stringify({ ...state, usageSeen: {}, usageByDay: {}, paymentReferences: {}, grants: {}, numbers: {} }),
  ) as JsonValue;
}

export async function saveCheckpoint(store: EventStore, managerId: string, entry: CheckpointEntry, state: OpenLedger): Promise<void> {
  await store.saveSnapshot({
    streamId: asOfCheckpointStreamId(managerId, entry.seq),
    revision: entry.revision,
    schema: AS_OF_SCHEMA,
    state: { entry: entry as unknown as JsonValue, ledger: trimmedState(state) },
  });
}

/** The checkpoint's state, or undefined when it is missing or does not match the log any more. */
export async function loadCheckpoint(
  store: EventStore,
  managerId: string,
  entry: CheckpointEntry,
  ledgerStreamId: string,
): Promise<OpenLedger | undefined> {
  const snapshot = await store.loadSnapshot(asOfCheckpointStreamId(managerId, entry.seq));
  if (snapshot === undefined || snapshot.schema !== AS_OF_SCHEMA || snapshot.revision !== entry.revision) return undefined;
  const [event] = await store.readStream(ledgerStreamId, { fromRevision: entry.revision, maxCount: 1 });
  if (event === undefined || event.id !== entry.eventId) return undefined;
  const ledger = (snapshot.state as { ledger?: unknown }).ledger as OpenLedger | undefined;
  return ledger?.status === 'open' ? ledger : undefined;
}
