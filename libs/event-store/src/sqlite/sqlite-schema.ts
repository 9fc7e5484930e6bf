import type Database from 'better-sqlite3';

/**
 * The log. `position` is AUTOINCREMENT so a position is never reused, even after the last row is
 * deleted. `streams` and `chains` hold the current revision and chain head so an append reads one
 * row instead of scanning the log.
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
CREATE INDEX IF NOT EXISTS events_by_manager ON events (manager_id, position);
CREATE TABLE IF NOT EXISTS streams (
  stream_id  TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  manager_id TEXT
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

export function prepareDatabase(db: Database.Database, busyTimeoutMs: number): void {
  // WAL: readers never block the writer; FULL: a commit is on disk before the caller hears "ok".
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process (e.g. the CLI) may hold the write lock briefly: wait instead of failing.
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
}
