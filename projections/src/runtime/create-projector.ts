import { join } from 'node:path';
import {
  createKurrentDbEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@skype-manager/event-store';
import { MongoReadStore, SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { ReadModels } from './generations';
import type { Projection } from './projection';
import { Projector, type ProjectorOptions } from './projector';

/**
 * The wiring of the read side, shared by the projector process, the API (which runs the projector
 * in-process by default) and the CLI: which stores, where, and a projector over them.
 *
 * Embedded default: SQLite files `events.sqlite` and `read.sqlite` in DATA_DIR (default `./data`).
 * EVENTSTORE_URL selects EventStoreDB/KurrentDB for the log, MONGODB_URL MongoDB for the read models.
 */
export interface ReadSideConfig {
  dataDir: string;
  eventStoreUrl?: string;
  mongodbUrl?: string;
}

export const EVENT_LOG_FILE = 'events.sqlite';
export const READ_MODELS_FILE = 'read.sqlite';
/** Documents per commit on MongoDB (SQLite takes the projector's default). */
export const MONGODB_COMMIT_DOCUMENTS = 5_000;

export function readSideConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReadSideConfig {
  const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  const eventStoreUrl = nonEmpty(env.EVENTSTORE_URL);
  const mongodbUrl = nonEmpty(env.MONGODB_URL);
  return {
    dataDir: nonEmpty(env.DATA_DIR) ?? './data',
    ...(eventStoreUrl ? { eventStoreUrl } : {}),
    ...(mongodbUrl ? { mongodbUrl } : {}),
  };
}

export function openEventStore(config: ReadSideConfig): EventStore {
  if (config.eventStoreUrl) return createKurrentDbEventStore(config.eventStoreUrl);
  return createSqliteEventStore(join(config.dataDir, EVENT_LOG_FILE));
}

export async function openReadStore(config: ReadSideConfig): Promise<ReadStore> {
  if (config.mongodbUrl) return MongoReadStore.connect({ url: config.mongodbUrl });
  return new SqliteReadStore({ path: join(config.dataDir, READ_MODELS_FILE) });
}

export interface CreateProjectorOptions extends Partial<
  Omit<ProjectorOptions, 'eventStore' | 'readStore' | 'projections'>
> {
  /** Where the stores are; default from the environment. */
  config?: ReadSideConfig;
  /** An already open log (the API shares its own); it is not closed by `close()`. */
  eventStore?: EventStore;
  /** An already open read store; it is not closed by `close()`. */
  readStore?: ReadStore;
  projections?: readonly Projection[];
}

export interface ProjectorRuntime {
  projector: Projector;
  eventStore: EventStore;
  readStore: ReadStore;
  /** For the query functions: resolves each projection's active generation. */
  readModels: ReadModels;
  /** Stops the projector (after its batch in flight) and closes the stores this factory opened. */
  close(): Promise<void>;
}

/** Opens the configured stores (unless given) and builds a projector over them; call `projector.start()`. */
export async function createProjector(options: CreateProjectorOptions = {}): Promise<ProjectorRuntime> {
  const {
    config = readSideConfigFromEnv(),
    eventStore: givenLog,
    readStore: givenReadStore,
    projections = ALL_PROJECTIONS,
    ...tuning
  } = options;
  const eventStore = givenLog ?? openEventStore(config);
  let readStore: ReadStore;
  try {
    readStore = givenReadStore ?? (await openReadStore(config));
  } catch (error) {
    if (!givenLog) await eventStore.close();
    throw error;
  }
  // A MongoDB transaction holds its writes in memory and its locks until commit: keep each one smaller.
  const commitDocuments =
    tuning.commitDocuments ?? (readStore instanceof MongoReadStore ? MONGODB_COMMIT_DOCUMENTS : undefined);
  const projector = new Projector({
    ...tuning,
    ...(commitDocuments ? { commitDocuments } : {}),
    eventStore,
    readStore,
    projections,
  });
  return {
    projector,
    eventStore,
    readStore,
    readModels: new ReadModels(readStore, projections),
    async close() {
      await projector.stop();
      if (!givenReadStore) await readStore.close();
      if (!givenLog) await eventStore.close();
    },
  };
}
