import type Database from 'better-sqlite3';
import { ReadStoreInputError, type IndexSpec } from '../read-store.port';
import { assertCollectionName, assertFieldPath, indexName, readPath } from '../query-plan';
import { tableName, toSqlValue, type SqlValue } from './sqlite-query';

/**
 * The physical shape of collection tables: `(id TEXT PRIMARY KEY, doc TEXT)` plus one column per
 * indexed field, filled from the document at write time, and the indexes built on those columns.
 *
 * Why columns rather than indexes on `json_extract(doc, …)`: SQLite cannot tell whether an expression
 * over `doc` changed, so every document write re-parses the JSON to maintain every expression index;
 * with plain columns an update that leaves the indexed values alone touches no index at all.
 */
export interface TableShape {
  /** Indexed field paths, each stored in its own column. */
  indexedFields: ReadonlySet<string>;
}

export const INDEXED_COLUMN_PREFIX = 'f:';

export function indexedColumn(field: string): string {
  return `"${INDEXED_COLUMN_PREFIX}${field}"`;
}

/** The value an indexed column holds: what `json_extract` would give for the same field. */
export function columnValue(document: Record<string, unknown>, field: string): SqlValue {
  const value = readPath(document, field);
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return toSqlValue(value as string | number | boolean);
}

export class SqliteTables {
  private readonly shapes = new Map<string, TableShape>();

  constructor(private readonly db: Database.Database) {}

  /** The shape of an existing table (read from the schema once), or undefined when there is none. */
  shapeOf(collection: string): TableShape | undefined {
    assertCollectionName(collection);
    const known = this.shapes.get(collection);
    if (known) return known;
    const columns = this.db.prepare(`PRAGMA table_info("${tableName(collection)}")`).all() as Array<{
      name: string;
    }>;
    if (columns.length === 0) return undefined;
    const indexedFields = new Set(
      columns
        .map((column) => column.name)
        .filter((name) => name.startsWith(INDEXED_COLUMN_PREFIX))
        .map((name) => name.slice(2)),
    );
    const shape = { indexedFields };
    this.shapes.set(collection, shape);
    return shape;
  }

  /** Creates the table when missing; returns its shape. */
  ensureTable(collection: string): TableShape {
    const existing = this.shapeOf(collection);
    if (existing) return existing;
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS "${tableName(collection)}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`,
    );
    const shape = { indexedFields: new Set<string>() };
    this.shapes.set(collection, shape);
    return shape;
  }

  /** Adds the index (and the columns it needs, filled from the stored documents). Idempotent. */
  ensureIndex(collection: string, index: IndexSpec): void {
    if (index.fields.length === 0) throw new ReadStoreInputError(`an index of ${collection} has no fields`);
    index.fields.forEach(assertFieldPath);
    const shape = this.ensureTable(collection);
    const table = tableName(collection);
    for (const field of index.fields) {
      if (shape.indexedFields.has(field)) continue;
      this.db.exec(`ALTER TABLE "${table}" ADD COLUMN ${indexedColumn(field)}`);
      this.db.exec(`UPDATE "${table}" SET ${indexedColumn(field)} = json_extract(doc, '$.${field}')`);
      (shape.indexedFields as Set<string>).add(field);
    }
    const columns = index.fields.map(indexedColumn).join(', ');
    const name = indexName(collection, index.fields, index.unique);
    this.db.exec(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`,
    );
  }

  forget(collection: string): void {
    this.shapes.delete(collection);
  }

  forgetAll(): void {
    this.shapes.clear();
  }
}
