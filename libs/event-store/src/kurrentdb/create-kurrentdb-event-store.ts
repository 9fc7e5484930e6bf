import type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb-event-store';

/**
 * Connects to KurrentDB (the connection is made lazily by the client, on first use).
 *
 * Why a lazy require: loading `@kurrent/kurrentdb-client` (gRPC + native bridge) takes ~200 ms, and
 * every process and test that only uses SQLite imports this package's index.
 */
export function createKurrentDbEventStore(url: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const adapter = require('./kurrentdb-event-store') as typeof import('./kurrentdb-event-store');
  return adapter.KurrentDbEventStore.fromConnectionString(url, options);
}
