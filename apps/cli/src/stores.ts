import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createKurrentDbEventStore, createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { MongoReadStore, SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { CliError, type CliIo } from './cli-io';

/** The options every command shares (flags win over the environment). */
export interface StoreOptions {
  dataDir?: string;
  eventstoreUrl?: string;
  mongodbUrl?: string;
}

export const EVENT_LOG_FILE = 'events.sqlite';
export const READ_MODELS_FILE = 'read.sqlite';

export interface Locations {
  dataDir: string;
  /** Set when the log is on EventStoreDB/KurrentDB; else the log is `{dataDir}/events.sqlite`. */
  eventstoreUrl?: string;
  /** Set when the read models are on MongoDB; else `{dataDir}/read.sqlite`. */
  mongodbUrl?: string;
}

export function locate(options: StoreOptions, io: CliIo): Locations {
  const dataDir = options.dataDir ?? io.env.DATA_DIR ?? './data';
  const eventstoreUrl = options.eventstoreUrl ?? nonEmpty(io.env.EVENTSTORE_URL);
  const mongodbUrl = options.mongodbUrl ?? nonEmpty(io.env.MONGODB_URL);
  return {
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(io.cwd, dataDir),
    ...(eventstoreUrl === undefined ? {} : { eventstoreUrl }),
    ...(mongodbUrl === undefined ? {} : { mongodbUrl }),
  };
}

/**
 * Opens the event log. `mustExist`: a command that only reads refuses a missing SQLite file rather
 * than quietly creating an empty log (a mistyped --data-dir would otherwise "verify" nothing).
 */
export function openEventStore(where: Locations, mustExist: boolean): EventStore {
  if (where.eventstoreUrl !== undefined) return createKurrentDbEventStore(where.eventstoreUrl);
  const file = join(where.dataDir, EVENT_LOG_FILE);
  if (mustExist && !existsSync(file)) {
    throw new CliError(`no event log at ${file}: point --data-dir (or DATA_DIR) at the folder that holds ${EVENT_LOG_FILE}`);
  }
  return createSqliteEventStore(file);
}

export async function openReadStore(where: Locations): Promise<ReadStore> {
  if (where.mongodbUrl !== undefined) return MongoReadStore.connect({ url: where.mongodbUrl });
  return new SqliteReadStore({ path: join(where.dataDir, READ_MODELS_FILE) });
}

export function describeEventStore(where: Locations): string {
  return where.eventstoreUrl !== undefined ? `EventStoreDB at ${redact(where.eventstoreUrl)}` : join(where.dataDir, EVENT_LOG_FILE);
}

/** Sizes of the SQLite files in the data folder (the write-ahead log counts: it holds recent commits). */
export function fileSizes(where: Locations): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const base of [EVENT_LOG_FILE, READ_MODELS_FILE]) {
    for (const suffix of ['', '-wal']) {
      const file = join(where.dataDir, base + suffix);
      if (existsSync(file)) sizes[base + suffix] = statSync(file).size;
    }
  }
  return sizes;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

/** A connection string may carry a password: never print it. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
