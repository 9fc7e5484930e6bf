import type Database from 'better-sqlite3';

/**
 * The log. `position` is AUTOINCREMENT so a position is never reused, even after the last row is
 * deleted. A stream's revision is read from the UNIQUE (stream_id, revision) index; `chains` holds
 * each Manager's chain head, kept apart from the events so a cut-off chain end is noticed.
 *
 * `manager_positions` is the log's index by Manager, maintained in arrears: the writer adds the
 * events after `store_meta['manager_positions_upto']` every MANAGER_INDEX_LAG events or so, in one
 * sorted INSERT. An index on events (manager_id, position) cost one page write per Manager per
 * commit (a batch of 64 appends of 64 Managers wrote ~60 extra WAL pages, two thirds of its pages);
 * in arrears each Manager's page is written once per catch-up. A read by Manager uses the index up
 * to the mark and scans the (short) rest of the log after it.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position   INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  stream_id  TEXT NOT NULL,
  revision   INTEGER NOT NULL,
  type       TEXT NOT NULL,
  data       TEXT NOT NULL,
  metadata   TEXT NOT NULL,
  manager_id TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS manager_positions (
  manager_id TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (manager_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chains (
  manager_id TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,
  last_hash  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  schema    TEXT NOT NULL,
  state     TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Page size of a new log (an existing file keeps the one it was created with). A commit writes each
 * page it touched to the WAL and a checkpoint copies them back: with 16 KiB pages a commit of 64
 * appends writes a few larger frames instead of ~38 small ones (measured, appends of the benchmark's
 * part 3 shape: CPU per append 22–23 µs with 4 KiB pages, 19 µs with 16 KiB).
 */
export const LOG_PAGE_SIZE = 16_384;

export function prepareDatabase(db: Database.Database, busyTimeoutMs: number): void {
  // Before anything is written: SQLite ignores it once the file has pages (and in WAL mode).
  db.pragma(`page_size = ${LOG_PAGE_SIZE}`);
  // WAL: readers never block the writer; FULL: a commit is on disk before the caller hears "ok".
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process (e.g. the CLI) may hold the write lock briefly: wait instead of failing.
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  migrateManagerIndex(db);
  dropStreamsTable(db);
}

/**
 * Logs written before 2026-11-29 kept a `streams` table (revision per stream), upserted on every
 * append; the revision now comes from the events' own index. Dropped once, by the first writer.
 */
function dropStreamsTable(db: Database.Database): void {
  const exists = (): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'streams'").get() !== undefined;
  if (!exists()) return;
  db.transaction(() => {
    if (exists()) db.exec('DROP TABLE streams');
  }).immediate();
}

export const MANAGER_INDEX_MARK = 'manager_positions_upto';

/**
 * Events the Manager index may lag behind the log before the writer catches it up. A catch-up
 * rewrites about one index page per Manager present in the lag, whatever its length, so a longer lag
 * writes fewer pages per event; a read by Manager near the head scans up to this many rows.
 * Measured (100 Managers, 64 appends per commit, WAL bytes written per append): lag 1,000 → 2,936;
 * 4,000 → 2,351; 8,192 → 2,236; no index at all → 2,084. Scanning 4,000 rows after the mark takes
 * ≈ 0.35 ms, 10,000 rows ≈ 0.9 ms.
 */
export const MANAGER_INDEX_LAG = 8192;

/** A log written before manager_positions existed: index it once and drop the old per-event index. */
function migrateManagerIndex(db: Database.Database): void {
  const marked = (): boolean => db.prepare('SELECT 1 FROM store_meta WHERE key = ?').get(MANAGER_INDEX_MARK) !== undefined;
  if (marked()) return;
  db.transaction(() => {
    if (marked()) return; // another process did it meanwhile
    db.exec('INSERT OR IGNORE INTO manager_positions (manager_id, position) SELECT manager_id, position FROM events ORDER BY manager_id, position');
    db.prepare('INSERT INTO store_meta (key, value) VALUES (?, (SELECT COALESCE(MAX(position), 0) FROM events))').run(MANAGER_INDEX_MARK);
    db.exec('DROP INDEX IF EXISTS events_by_manager');
  }).immediate();
}
