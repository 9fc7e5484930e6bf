import {
  evolveAccountName,
  evolveLedger,
  evolveManager,
  evolveMember,
  initialAccountNameState,
  initialLedgerState,
  initialManagerState,
  initialMemberState,
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

/** How to rebuild one kind of stream's state; `snapshotSchema` set means snapshots are taken. */
export interface StreamKindOf<S, E> {
  initial: () => S;
  evolve: (state: S, event: E) => S;
  snapshotSchema?: string;
}

export const MANAGER_KIND: StreamKindOf<ManagerState, ManagerEvent> = {
  initial: initialManagerState,
  evolve: evolveManager,
};
/** The ledger grows without bound, so it is loaded from its latest snapshot plus the events after it. */
export const LEDGER_KIND: StreamKindOf<LedgerState, LedgerEvent> = {
  initial: initialLedgerState,
  evolve: evolveLedger,
  snapshotSchema: 'ledger-state-v2',
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
  if (kind.snapshotSchema) {
    const snapshot = await store.loadSnapshot(streamId);
    if (snapshot && snapshot.schema === kind.snapshotSchema) {
      loaded.state = snapshot.state as S;
      loaded.revision = snapshot.revision;
    }
  }
  await catchUp(store, kind, loaded);
  return loaded;
}

/**
 * The state's JSON text, taken at once because the live state keeps changing in place. Handed to the
 * store as text (SnapshotText): a parsed copy would cost another two passes over megabytes.
 */
export function snapshotOf(state: unknown): string {
  return JSON.stringify(state);
}
