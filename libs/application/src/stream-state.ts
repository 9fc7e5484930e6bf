import {
  evolveAccountName,
  evolveLedger,
  evolveManager,
  evolveMember,
  initialAccountNameState,
  initialLedgerState,
  initialManagerState,
  initialMemberState,
  ledgerFromSnapshot,
  ledgerSnapshotText,
  upcast,
  type AccountNameEvent,
  type AccountNameState,
  type LedgerEvent,
  type LedgerState,
  type ManagerEvent,
  type ManagerState,
  type MemberEvent,
  type MemberState,
} from '@skype-manager/domain';
import type { EventStore, RecordedEvent } from '@skype-manager/event-store';

/** A stream's state and the revision it reflects (undefined: the stream does not exist yet). */
export interface Loaded<S> {
  streamId: string;
  state: S;
  revision: number | undefined;
}

/** How to rebuild one kind of stream's state; `snapshot` set means snapshots are taken. */
export interface StreamKindOf<S, E> {
  initial: () => S;
  evolve: (state: S, event: E) => S;
  snapshot?: {
    /** The schema snapshots are written in. */
    schema: string;
    /** The state as snapshot text (taken at once: the live state keeps changing in place). */
    text: (state: S) => string;
    /** The state a stored snapshot holds, or undefined for a schema this version does not read. */
    read: (schema: string, state: unknown) => S | undefined;
  };
}

export const MANAGER_KIND: StreamKindOf<ManagerState, ManagerEvent> = {
  initial: initialManagerState,
  evolve: evolveManager,
};
/** The ledger grows without bound, so it is loaded from its latest snapshot plus the events after it. */
export const LEDGER_KIND: StreamKindOf<LedgerState, LedgerEvent> = {
  initial: initialLedgerState,
  evolve: evolveLedger,
  snapshot: {
    // v3 leaves the by-day usage index out (rebuilt on load); v2 snapshots, which hold it, still load.
    schema: 'ledger-state-v3',
    text: ledgerSnapshotText,
    read: (schema, state) => {
      if (schema === 'ledger-state-v3') return ledgerFromSnapshot(state);
      if (schema === 'ledger-state-v2') return state as LedgerState;
      return undefined;
    },
  },
};
export const MEMBER_KIND: StreamKindOf<MemberState, MemberEvent> = { initial: initialMemberState, evolve: evolveMember };
export const ACCOUNT_NAME_KIND: StreamKindOf<AccountNameState, AccountNameEvent> = {
  initial: initialAccountNameState,
  evolve: evolveAccountName,
};

const PAGE = 5000;

export function toDomainEvent<E>(recorded: RecordedEvent): E {
  return upcast(recorded.type, recorded.metadata.schemaVersion ?? 1, recorded.data) as E;
}

/** Reads the events after `loaded.revision` and folds them in. Returns how many were applied. */
export async function catchUp<S, E>(store: EventStore, kind: StreamKindOf<S, E>, loaded: Loaded<S>): Promise<number> {
  let applied = 0;
  for (;;) {
    const fromRevision = loaded.revision === undefined ? 0 : loaded.revision + 1;
    const events = await store.readStream(loaded.streamId, { fromRevision, maxCount: PAGE });
    for (const event of events) {
      loaded.state = kind.evolve(loaded.state, toDomainEvent<E>(event));
      loaded.revision = event.revision;
    }
    applied += events.length;
    if (events.length < PAGE) return applied;
  }
}

export async function loadStream<S, E>(store: EventStore, kind: StreamKindOf<S, E>, streamId: string): Promise<Loaded<S>> {
  const loaded: Loaded<S> = { streamId, state: kind.initial(), revision: undefined };
  if (kind.snapshot) {
    const snapshot = await store.loadSnapshot(streamId);
    const state = snapshot === undefined ? undefined : kind.snapshot.read(snapshot.schema, snapshot.state);
    if (snapshot !== undefined && state !== undefined) {
      loaded.state = state;
      loaded.revision = snapshot.revision;
    }
  }
  await catchUp(store, kind, loaded);
  return loaded;
}

/**
 * The state's snapshot text, taken at once because the live state keeps changing in place. Handed to
 * the store as text (SnapshotText): a parsed copy would cost another two passes over megabytes.
 */
export function snapshotOf<S, E>(kind: StreamKindOf<S, E>, state: S): string {
  if (!kind.snapshot) throw new Error('this kind of stream takes no snapshots');
  return kind.snapshot.text(state);
}
