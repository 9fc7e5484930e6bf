/**
 * @skype-manager/event-store: the EventStore port and its adapters.
 * The contract suite (`contract/event-store.contract.ts`) is test code and is not exported here.
 */
export * from './event-store.port';
export { canonicalJson, canonicalJsonOmitting } from './canonical-json';
export {
  computeEventHash,
  computeEventHashOfCanonical,
  verifyChain,
  linkEvent,
  withoutChainFields,
  EMPTY_CHAIN_HEAD,
  type ChainContent,
  type ChainHead,
  type ChainProblem,
  type ChainVerification,
  type VerifyChainOptions,
} from './hash-chain';
export { DEFAULT_EVENT_STORE_LIMITS, type EventStoreLimits } from './limits';
export { RESERVED_STREAM_PREFIXES } from './append-rules';
export { createSqliteEventStore, SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { createKurrentDbEventStore } from './kurrentdb/create-kurrentdb-event-store';
export type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
