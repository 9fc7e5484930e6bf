import { toDomainEvent } from '@skype-manager/application';
import { evolveLedger, initialLedgerState, type LedgerEvent, type LedgerState } from '@skype-manager/domain';
import type { EventStore, RecordedEvent } from '@skype-manager/event-store';
import { isLedgerEventType, ledgerStreamId } from '../ledger/ledger-event-types';
import {
  checkpointInterval,
  latestCheckpointAtOrBefore,
  loadCheckpoint,
  loadIndex,
  MIN_CHECKPOINT_INTERVAL,
  saveCheckpoint,
  saveIndex,
  type CheckpointEntry,
} from './as-of-checkpoints';
import { balancesOf, type BalancesAsOf } from './balances';
import { parseInstant } from './instant';

/**
 * Balances as they were at an instant: the ledger folded over its events up to that instant.
 *
 * "Up to that instant" is the longest prefix of the ledger whose events all have
 * `metadata.occurredAt ≤ instant`: the fold stops at the first event decided after it. Why a prefix
 * and not every event stamped earlier: the ledger's order is the order decisions were taken in, so
 * a prefix is always a state the ledger really was in, even if two writers' clocks disagreed by a
 * few milliseconds (a later event stamped earlier is then counted from its place in the log).
 *
 * Fast: folding starts from the newest audit checkpoint whose prefix lies before the instant (see
 * as-of-checkpoints.ts), and checkpoints are added as the fold crosses new intervals, so after the
 * first query of a Manager each answer folds at most one interval of events.
 */
export interface BalancesAsOfOptions {
  /** Fewest ledger events between two checkpoints (tests lower it). */
  minCheckpointInterval?: number;
  /** Ledger events read per page. */
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 5000;

export async function balancesAsOf(
  store: EventStore,
  managerId: string,
  instant: string | Date,
  options: BalancesAsOfOptions = {},
): Promise<BalancesAsOf | undefined> {
  const instantMs = instant instanceof Date ? instant.getTime() : parseInstant(instant);
  if (Number.isNaN(instantMs)) throw new RangeError('balancesAsOf: invalid Date');
  // One fold per Manager at a time in this process: two concurrent first queries would both build
  // (and race to save) the same checkpoints.
  return serialized(store, managerId, () => foldAsOf(store, managerId, instantMs, options));
}

interface Fold {
  state: LedgerState;
  revision: number;
  position: number;
  maxOccurredAtMs: number;
}

async function foldAsOf(
  store: EventStore,
  managerId: string,
  instantMs: number,
  options: BalancesAsOfOptions,
): Promise<BalancesAsOf | undefined> {
  const streamId = ledgerStreamId(managerId);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const minimum = options.minCheckpointInterval ?? MIN_CHECKPOINT_INTERVAL;
  let entries = await loadIndex(store, managerId);
  let dirty = false;
  let fold = await startingPoint(store, managerId, streamId, entries, instantMs);
  if (fold === undefined) {
    // A checkpoint no longer matches the log (restored or rewritten store): start over from zero.
    entries = [];
    dirty = true;
    fold = { state: initialLedgerState(), revision: -1, position: 0, maxOccurredAtMs: -Infinity };
  }
  const lastIndexedRevision = entries.at(-1)?.revision ?? -1;
  for (let done = false; !done; ) {
    // A first answer may fold a long history: let a server's other requests in between pages.
    if (fold.revision >= 0) await new Promise((resolve) => setImmediate(resolve));
    const page = await store.readStream(streamId, { fromRevision: fold.revision + 1, maxCount: pageSize });
    done = page.length < pageSize;
    for (const recorded of page) {
      const occurredAtMs = occurredAtOf(recorded);
      if (occurredAtMs > instantMs) {
        done = true;
        break;
      }
      applyEvent(fold, recorded, occurredAtMs);
      const sinceLast = recorded.revision - (entries.at(-1)?.revision ?? -1);
      if (recorded.revision > lastIndexedRevision && fold.state.status === 'open' && sinceLast >= checkpointInterval(fold.state, minimum)) {
        const entry: CheckpointEntry = {
          seq: entries.length,
          revision: recorded.revision,
          position: recorded.position,
          eventId: recorded.id,
          maxOccurredAtMs: fold.maxOccurredAtMs,
        };
        await saveCheckpoint(store, managerId, entry, fold.state);
        entries.push(entry);
        dirty = true;
      }
    }
  }
  if (dirty) await saveIndex(store, managerId, entries);
  const balances = balancesOf(fold.state);
  if (balances === undefined) return undefined;
  return { managerId, asOf: new Date(instantMs).toISOString(), position: fold.position, revision: fold.revision, ...balances };
}

/** The fold to continue from: the newest usable checkpoint, the empty ledger, or undefined if stale. */
async function startingPoint(
  store: EventStore,
  managerId: string,
  streamId: string,
  entries: readonly CheckpointEntry[],
  instantMs: number,
): Promise<Fold | undefined> {
  const entry = latestCheckpointAtOrBefore(entries, instantMs);
  if (entry === undefined) return { state: initialLedgerState(), revision: -1, position: 0, maxOccurredAtMs: -Infinity };
  const state = await loadCheckpoint(store, managerId, entry, streamId);
  if (state === undefined) return undefined;
  return { state, revision: entry.revision, position: entry.position, maxOccurredAtMs: entry.maxOccurredAtMs };
}

function applyEvent(fold: Fold, recorded: RecordedEvent, occurredAtMs: number): void {
  // Types the ledger does not know are the verifier's business (it reports them); balances skip them.
  if (isLedgerEventType(recorded.type)) fold.state = evolveLedger(fold.state, toDomainEvent<LedgerEvent>(recorded));
  fold.revision = recorded.revision;
  fold.position = recorded.position;
  if (occurredAtMs > fold.maxOccurredAtMs) fold.maxOccurredAtMs = occurredAtMs;
}

/** An unreadable timestamp counts as "not yet happened": such an event is never folded in by mistake. */
function occurredAtOf(event: RecordedEvent): number {
  const ms = Date.parse(event.metadata.occurredAt);
  return Number.isNaN(ms) ? Infinity : ms;
}

const running = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

function serialized<T>(store: EventStore, managerId: string, task: () => Promise<T>): Promise<T> {
  let perStore = running.get(store);
  if (perStore === undefined) running.set(store, (perStore = new Map()));
  const previous = perStore.get(managerId) ?? Promise.resolve();
  const next = previous.then(task, task);
  const tail = next.catch(() => undefined);
  perStore.set(managerId, tail);
  void tail.then(() => {
    if (perStore.get(managerId) === tail) perStore.delete(managerId);
  });
  return next;
}

/**
 * Builds the audit checkpoints of a Manager up to now, so that later answers are fast (the first
 * answer for a Manager otherwise folds its whole ledger: about as long as verifying it). Call it in
 * the background, e.g. after start-up or after an import.
 */
export async function warmAsOfCheckpoints(store: EventStore, managerId: string, options: BalancesAsOfOptions = {}): Promise<void> {
  await balancesAsOf(store, managerId, new Date(8.64e15), options);
}
