import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ReadStoreInputError,
  type CollectionSpec,
  type DocumentWrite,
  type Filter,
  type FindOptions,
  type ReadStore,
  type StoredDocument,
  type WriteUnit,
} from '../read-store.port';
import { assertCollectionName, planConditions, planQuery } from '../query-plan';
import { countSql, selectSql, tableName, type SqlValue } from './sqlite-query';
import { columnValue, indexedColumn, SqliteTables, type TableShape } from './sqlite-tables';

/**
 * The embedded read store: one table per collection holding each document as JSON, with a column and
 * an index per declared index (see sqlite-tables.ts). One table per collection keeps each index small
 * (no collection prefix) and lets a rebuild drop a whole generation at once.
 *
 * Read models can always be rebuilt from the log, so `synchronous=NORMAL` (durable at the WAL
 * checkpoint, never corrupt) is enough; the checkpoint rides in the same transaction as the documents.
 */
export interface SqliteReadStoreOptions {
  /** File path (its folder is created), or ':memory:' (the default) for a private in-memory database. */
  path?: string;
  /** How long a reader waits for the writer's lock before failing (default 5000). */
  busyTimeoutMs?: number;
}

type Statement = Database.Statement<SqlValue[], unknown>;
const STATEMENT_CACHE_LIMIT = 500;

/** How a document is written into its collection's table (see `upsertOf`). */
interface Upsert {
  fieldCount: number;
  /** Indexed fields, in the order of the statements' column parameters. */
  fields: string[];
  /** Inserts, or updates only `doc` when every indexed column keeps its value. */
  sql: string;
  /** Updates `doc` and every indexed column: when some indexed value changed. */
  updateSql: string;
}

export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly tables: SqliteTables;
  private readonly statements = new Map<string, Statement>();
  private readonly upserts = new Map<string, Upsert>();
  private readonly applyUnit: (unit: WriteUnit) => void;

  constructor(options: SqliteReadStoreOptions = {}) {
    const path = options.path ?? ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS _checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL)',
    );
    this.tables = new SqliteTables(this.db);
    this.applyUnit = this.db.transaction((unit: WriteUnit) => this.applyWrites(unit));
  }

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    this.db.transaction(() => {
      for (const spec of specs) {
        this.tables.ensureTable(spec.name);
        for (const index of spec.indexes) this.tables.ensureIndex(spec.name, index);
      }
    })();
    this.statements.clear();
  }

  async dropCollections(names: readonly string[]): Promise<void> {
    for (const name of names) {
      assertCollectionName(name);
      this.db.exec(`DROP TABLE IF EXISTS "${tableName(name)}"`);
      this.tables.forget(name);
      this.upserts.delete(name);
    }
    // Statements prepared against a dropped table must not be reused.
    this.statements.clear();
  }

  async get(collection: string, id: string): Promise<StoredDocument | undefined> {
    return this.read(collection, undefined, () => {
      const row = this.statement(`SELECT doc FROM "${tableName(collection)}" WHERE id = ?`).get(id) as
        { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as StoredDocument) : undefined;
    });
  }

  async getMany(collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    const found = new Map<string, StoredDocument>();
    if (ids.length === 0) return found;
    return this.read(collection, found, () => {
      const select = this.statement(`SELECT doc FROM "${tableName(collection)}" WHERE id = ?`);
      for (const id of ids) {
        const row = select.get(id) as { doc: string } | undefined;
        if (row) found.set(id, JSON.parse(row.doc) as StoredDocument);
      }
      return found;
    });
  }

  async find(collection: string, filter?: Filter, options?: FindOptions): Promise<StoredDocument[]> {
    const plan = planQuery(filter, options);
    return this.read(collection, [], (shape) => {
      const query = selectSql(collection, plan, shape.indexedFields);
      const rows = this.statement(query.sql).all(...query.params) as Array<{ doc: string }>;
      return rows.map((row) => JSON.parse(row.doc) as StoredDocument);
    });
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const conditions = planConditions(filter);
    return this.read(collection, 0, (shape) => {
      const query = countSql(collection, { conditions, after: null }, shape.indexedFields);
      return (this.statement(query.sql).get(...query.params) as { n: number }).n;
    });
  }

  async transaction(unit: WriteUnit): Promise<void> {
    for (const write of unit.writes) assertCollectionName(write.collection);
    this.applyUnit(unit);
  }

  async checkpoint(projection: string): Promise<number> {
    const row = this.statement('SELECT position FROM _checkpoints WHERE projection = ?').get(projection) as
      { position: number } | undefined;
    return row?.position ?? 0;
  }

  async removeCheckpoint(projection: string): Promise<void> {
    this.statement('DELETE FROM _checkpoints WHERE projection = ?').run(projection);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private applyWrites(unit: WriteUnit): void {
    for (const write of unit.writes) this.applyWrite(write);
    const save = this.statement(
      'INSERT INTO _checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
    for (const checkpoint of unit.checkpoints ?? []) {
      if (!Number.isSafeInteger(checkpoint.position) || checkpoint.position < 0) {
        throw new ReadStoreInputError(
          `checkpoint of ${checkpoint.projection} must be a non-negative integer`,
        );
      }
      save.run(checkpoint.projection, checkpoint.position);
    }
  }

  private applyWrite(write: DocumentWrite): void {
    const shape = this.tables.ensureTable(write.collection);
    const table = tableName(write.collection);
    if (write.kind === 'delete') {
      this.statement(`DELETE FROM "${table}" WHERE id = ?`).run(write.id);
      return;
    }
    const { document } = write;
    if (typeof document.id !== 'string' || document.id === '') {
      throw new ReadStoreInputError(`a document of ${write.collection} has no string id`);
    }
    const upsert = this.upsertOf(write.collection, shape);
    const values = upsert.fields.map((field) => columnValue(document, field));
    const json = JSON.stringify(document);
    // No change: the document exists and one of its indexed values moved (see upsertOf).
    if (this.statement(upsert.sql).run(document.id, json, ...values).changes === 0) {
      this.statement(upsert.updateSql).run(json, ...values, document.id);
    }
  }

  /**
   * The upsert of a collection, built once per table shape. An update that sets an indexed column
   * rewrites that column's index entries even when the value is the same, which doubled the cost of
   * rewriting a document (measured: 7.3 → 3.6 µs for a month of spend): so the upsert updates `doc`
   * alone when every indexed value is unchanged (usually: indexed fields mostly identify what the
   * document is about) and changes nothing otherwise, for `updateSql` to do it all.
   */
  private upsertOf(collection: string, shape: TableShape): Upsert {
    const known = this.upserts.get(collection);
    if (known && known.fieldCount === shape.indexedFields.size) return known;
    const fields = [...shape.indexedFields];
    const columns = fields.map(indexedColumn);
    const table = tableName(collection);
    const unchanged = columns.map((c) => `${c} IS excluded.${c}`).join(' AND ');
    const sql =
      `INSERT INTO "${table}" (id, doc${columns.map((c) => `, ${c}`).join('')}) VALUES (?, ?${', ?'.repeat(columns.length)}) ` +
      `ON CONFLICT (id) DO UPDATE SET doc = excluded.doc${columns.length > 0 ? ` WHERE ${unchanged}` : ''}`;
    const updateSql = `UPDATE "${table}" SET doc = ?${columns.map((c) => `, ${c} = ?`).join('')} WHERE id = ?`;
    const upsert = { fieldCount: fields.length, fields, sql, updateSql };
    this.upserts.set(collection, upsert);
    return upsert;
  }

  /**
   * A collection that does not exist reads as empty, like MongoDB. Another process (the projector)
   * creates and drops tables at any time, so a miss is checked again and a vanished table forgotten.
   */
  private read<T>(collection: string, empty: T, read: (shape: TableShape) => T): T {
    const shape = this.tables.shapeOf(collection);
    if (!shape) return empty;
    try {
      return read(shape);
    } catch (error) {
      // Matched on the message: better-sqlite3 errors may come from another realm (Jest), so
      // `instanceof Error` is not reliable.
      if (!String((error as { message?: unknown } | null)?.message).includes('no such table')) throw error;
      this.tables.forget(collection);
      this.upserts.delete(collection);
      this.statements.clear();
      return empty;
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare<SqlValue[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
