import { readModelReplay, type ReadModelReplayFactory } from '@skype-manager/audit';
import type { EventStore } from '@skype-manager/event-store';
import {
  createAuditReadSide,
  createProjector,
  openReadStore,
  pollUntilReached,
  ReadModels,
  ALL_PROJECTIONS,
  type Projector,
  type ProjectorLogger,
} from '@skype-manager/projections';
import type { ReadStore } from '@skype-manager/read-store';
import type { ApiConfig } from '../config/api-config';
import type { ReadPosition } from './read-position';

/**
 * The API's read side: the read store the queries read, how far it has caught up (READ_POSITION),
 * the audit's read-model replay over it, and — unless PROJECTOR=external — the projector feeding it,
 * in this process, from the same event log instance as the command service.
 */
export interface ReadSide {
  readonly readModels: ReadModels;
  readonly readStore: ReadStore;
  readonly position: ReadPosition;
  /** Rebuilds a Manager's read models in memory and compares them with these (`POST …/audit/verify`). */
  readonly auditReplay: ReadModelReplayFactory;
  /** Null when a separate projector process feeds the read models. */
  readonly projector: Projector | null;
  /** Starts the in-process projector (from its checkpoints); nothing for an external one. */
  start(): Promise<void>;
  /** Stops the projector after its batch in flight, then closes the read store it opened. */
  close(): Promise<void>;
}

export interface ReadSideOptions {
  /** An already open read store (not closed by `close()`); default: the configured one. */
  readStore?: ReadStore;
  logger?: ProjectorLogger;
}

/** Thrown at start-up when a configured store does not answer in time: the API does not start. */
export class StoreUnreachableError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what} is not reachable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnreachableError';
  }
}

/** Resolves with `promise`, or rejects with a StoreUnreachableError after `timeoutMs`. */
export async function reachable<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    throw new StoreUnreachableError(what, error);
  } finally {
    clearTimeout(timer);
  }
}

export function describeEventLog(config: ApiConfig): string {
  return config.eventStoreUrl ? `The event store at EVENTSTORE_URL (${redact(config.eventStoreUrl)})` : 'The SQLite event log';
}

function describeReadStore(config: ApiConfig): string {
  return config.mongodbUrl ? `The MongoDB read store at MONGODB_URL (${redact(config.mongodbUrl)})` : 'The SQLite read store';
}

/** A connection string without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Opens the read store (checked: it must answer within STORE_CONNECT_TIMEOUT_MS) and, in-process, a projector over `eventStore`. */
export async function openReadSide(config: ApiConfig, eventStore: EventStore, options: ReadSideOptions = {}): Promise<ReadSide> {
  const what = describeReadStore(config);
  const ownsReadStore = options.readStore === undefined;
  const readStore =
    options.readStore ??
    (await reachable(what, openReadStore({ dataDir: config.dataDir, mongodbUrl: config.mongodbUrl ?? undefined }), config.storeConnectTimeoutMs));
  const readModels = new ReadModels(readStore, ALL_PROJECTIONS);
  try {
    await reachable(what, readModels.position(), config.storeConnectTimeoutMs);
  } catch (error) {
    if (ownsReadStore) await readStore.close().catch(() => undefined);
    throw error;
  }
  const auditReplay = readModelReplay(createAuditReadSide(readStore));
  if (config.projector === 'external') {
    return {
      readModels,
      readStore,
      auditReplay,
      projector: null,
      // The external projector's checkpoints, as stored in the read store.
      position: { waitFor: (position, timeoutMs) => pollUntilReached(() => readModels.position(), position, timeoutMs) },
      start: async () => undefined,
      close: async () => {
        if (ownsReadStore) await readStore.close();
      },
    };
  }
  const runtime = await createProjector({ eventStore, readStore, logger: options.logger });
  const projector = runtime.projector;
  return {
    readModels: runtime.readModels,
    readStore,
    auditReplay,
    projector,
    position: { waitFor: (position, timeoutMs) => projector.waitForPosition(position, timeoutMs) },
    start: () => projector.start(),
    close: async () => {
      await runtime.close();
      if (ownsReadStore) await readStore.close();
    },
  };
}
