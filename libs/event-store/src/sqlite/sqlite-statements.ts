import type Database from 'better-sqlite3';
import type { ChainFields, EventMetadata, JsonObject, JsonValue, RecordedEvent, Snapshot } from '../event-store.port';
import type { ChainHead } from '../hash-chain';
import { MANAGER_INDEX_MARK } from './sqlite-schema';

/**
 * An event row as SQLite returns it in raw mode, columns in EVENT_COLUMNS order: an array per row is
 * cheaper to make than an object with seven named properties, and a page of events makes thousands.
 */
export type EventRow = [position: number, id: string, streamId: string, revision: number, type: string, data: string, metadata: string];

interface SnapshotRow {
  stream_id: string;
  revision: number;
  schema: string;
  state: string;
}

const EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, metadata';

/**
 * A LIMIT taken from a bound parameter. Written `LIMIT ?`, SQLite (3.53, as built into better-sqlite3
 * 12) lets the planner look at the bound value and marks the statement to be compiled again whenever
 * that parameter is bound, i.e. on every run: a page of the log cost a full parse and plan each time
 * (measured: 3.3 µs per call for a one-row page against 0.7 µs with the cast). The cast hides the
 * parameter from the planner; the value is the same.
 */
export const BOUND_LIMIT = 'LIMIT CAST(? AS INTEGER)';

/** Every statement prepared once per connection: preparing is the costly part of a small query. */
export function prepareStatements(db: Database.Database) {
  return {
    // Positional parameters: binding an object by name costs more than the rest of the call.
    insertEvent: db.prepare<[id: string, streamId: string, revision: number, type: string, data: string, metadata: string, managerId: string]>(
      `INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    eventsByIds: db
      .prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position`)
      .raw(),
    streamEvents: db
      .prepare<[string, number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ${BOUND_LIMIT}`)
      .raw(),
    allEvents: db.prepare<[number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ${BOUND_LIMIT}`).raw(),
    managerIndexMark: db.prepare<[], number>(`SELECT value FROM store_meta WHERE key = '${MANAGER_INDEX_MARK}'`).pluck(),
    /** A Manager's events up to the index mark (see sqlite-schema.ts). */
    managerEventsIndexed: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}
       FROM manager_positions m JOIN events e ON e.position = m.position AND e.manager_id = m.manager_id
       WHERE m.manager_id = ? AND m.position > ? ORDER BY m.position ${BOUND_LIMIT}`,
      )
      .raw(),
    /** A Manager's events after the index mark: a scan of the log's last few rows. */
    managerEventsAfterMark: db
      .prepare<[number, string, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND manager_id = ? ORDER BY position ${BOUND_LIMIT}`)
      .raw(),
    catchUpManagerIndex: db.prepare(
      `INSERT OR IGNORE INTO manager_positions (manager_id, position)
       SELECT manager_id, position FROM events
       WHERE position > (SELECT value FROM store_meta WHERE key = '${MANAGER_INDEX_MARK}')
       ORDER BY manager_id, position`,
    ),
    advanceManagerIndexMark: db.prepare(
      `UPDATE store_meta SET value = (SELECT COALESCE(MAX(position), 0) FROM events) WHERE key = '${MANAGER_INDEX_MARK}'`,
    ),
    headPosition: db.prepare<[], { head: number }>('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
    /** The stream's last revision (null: no stream), from the UNIQUE (stream_id, revision) index. */
    streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?').pluck(),
    chainHead: db.prepare<[string], { seq: number; last_hash: string }>(
      'SELECT seq, last_hash FROM chains WHERE manager_id = ?',
    ),
    upsertChain: db.prepare<[string, number, string]>(
      `INSERT INTO chains (manager_id, seq, last_hash) VALUES (?, ?, ?)
       ON CONFLICT (manager_id) DO UPDATE SET seq = excluded.seq, last_hash = excluded.last_hash`,
    ),
    loadSnapshot: db.prepare<[string], SnapshotRow>('SELECT stream_id, revision, schema, state FROM snapshots WHERE stream_id = ?'),
    saveSnapshot: db.prepare<[string, number, string, string]>(
      `INSERT INTO snapshots (stream_id, revision, schema, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, schema = excluded.schema, state = excluded.state`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/**
 * A recorded event read from the log. A class rather than an object literal on purpose: V8 tracks
 * literal allocation sites and, once most objects of a site have survived a young-generation GC (as a
 * page of events read at start-up does while the young generation is still small), allocates all later
 * ones straight in the old generation. Events are short-lived: allocated there, each one kept its parsed
 * data and metadata alive until a full GC (measured in the projector's rebuild, bench part 4). Objects
 * made by a constructor are not pretenured.
 */
class StoredEvent implements RecordedEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: JsonObject;
  metadata: EventMetadata & ChainFields;

  constructor(row: EventRow) {
    this.id = row[1];
    this.streamId = row[2];
    this.revision = row[3];
    this.position = row[0];
    this.type = row[4];
    // The columns hold JSON this store wrote from validated values, so the shapes are known.
    this.data = JSON.parse(row[5]) as JsonObject;
    this.metadata = JSON.parse(row[6]) as EventMetadata & ChainFields;
  }
}

export function rowToEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(row);
}

export function readChainHead(statements: Statements, managerId: string): ChainHead | undefined {
  const row = statements.chainHead.get(managerId);
  return row === undefined ? undefined : { seq: row.seq, hash: row.last_hash };
}

export function snapshotFromRow(row: SnapshotRow): Snapshot {
  return { streamId: row.stream_id, revision: row.revision, schema: row.schema, state: JSON.parse(row.state) as JsonValue };
}
