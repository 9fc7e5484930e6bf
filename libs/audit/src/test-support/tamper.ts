import Database from 'better-sqlite3';
import { computeEventHash } from '@skype-manager/event-store';

/**
 * Edits the SQLite event file directly, the way someone with access to the disk could: no store, no
 * chain. Open it only while no store has it open (close the store first).
 * Table `events (position, id, stream_id, revision, type, data, metadata, manager_id)`, see
 * libs/event-store/src/sqlite/sqlite-schema.ts.
 */
export interface Row {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  manager_id: string;
}

export function withEventFile<T>(file: string, edit: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return edit(db);
  } finally {
    db.close();
  }
}

export function rows(db: Database.Database, where = '1 = 1', ...params: unknown[]): Row[] {
  return db.prepare(`SELECT * FROM events WHERE ${where} ORDER BY position`).all(...params) as Row[];
}

export function editData(db: Database.Database, position: number, change: (data: Record<string, unknown>) => void): void {
  const row = rows(db, 'position = ?', position)[0];
  const data = JSON.parse(row.data) as Record<string, unknown>;
  change(data);
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), position);
}

export function deleteEvent(db: Database.Database, position: number): void {
  db.prepare('DELETE FROM events WHERE position = ?').run(position);
}

/** Swaps two rows' places in the log (their positions), keeping everything else. */
export function swapPositions(db: Database.Database, a: number, b: number): void {
  db.transaction(() => {
    db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
    db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
    db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  })();
}

/**
 * Recomputes the chain of one Manager from `fromPosition` on, as a forger who knows the algorithm
 * would after editing an event: the chain then holds, and only the money rules can tell.
 */
export function rechain(db: Database.Database, managerId: string, fromPosition: number): void {
  const all = rows(db, 'manager_id = ?', managerId);
  let prevHash = '';
  const update = db.prepare('UPDATE events SET metadata = ? WHERE position = ?');
  for (const row of all) {
    const metadata = JSON.parse(row.metadata) as Record<string, unknown> & { chainSeq: number; prevHash: string; hash: string };
    if (row.position >= fromPosition) {
      metadata.prevHash = prevHash;
      metadata.hash = computeEventHash(prevHash, {
        chainSeq: metadata.chainSeq,
        streamId: row.stream_id,
        revision: row.revision,
        id: row.id,
        type: row.type,
        data: JSON.parse(row.data),
        metadata: metadata as never,
      });
      update.run(JSON.stringify(metadata), row.position);
    }
    prevHash = metadata.hash;
  }
  db.prepare('UPDATE chains SET last_hash = ? WHERE manager_id = ?').run(prevHash, managerId);
}
