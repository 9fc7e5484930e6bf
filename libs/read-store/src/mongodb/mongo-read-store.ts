import {
  MongoClient,
  MongoServerError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
} from 'mongodb';
import {
  ReadStoreInputError,
  type CollectionSpec,
  type Filter,
  type FindOptions,
  type ReadStore,
  type StoredDocument,
  type WriteUnit,
} from '../read-store.port';
import { assertCollectionName, assertFieldPath, indexName, planConditions, planQuery } from '../query-plan';
import { fromMongoDocument, mongoField, toMongoDocument, toMongoFilter, toMongoSort } from './mongo-query';

/**
 * The production read store on MongoDB. Documents keep their id as `_id`. A write unit runs in one
 * multi-document transaction (replica set required) with majority write concern, so documents and
 * checkpoints are committed together and survive a primary failover.
 */
export interface MongoReadStoreOptions {
  url: string;
  /** Defaults to the database named in the URL, else `skype_manager_read`. */
  databaseName?: string;
}

type RawDocument = Record<string, unknown> & { _id: string };
const CHECKPOINTS = '_checkpoints';
const NAMESPACE_NOT_FOUND = 26;
const DEFAULT_DATABASE = 'skype_manager_read';

/** The database named in a connection string (`mongodb://h1,h2/name?…`); the driver would say 'test'. */
export function databaseNameIn(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : undefined;
}

export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const client = new MongoClient(options.url, {
      writeConcern: { w: 'majority' },
      readConcern: { level: 'majority' },
    });
    await client.connect();
    const db = client.db(options.databaseName ?? databaseNameIn(options.url) ?? DEFAULT_DATABASE);
    return new MongoReadStore(client, db);
  }

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    const existing = new Set(
      (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
    );
    for (const spec of specs) {
      assertCollectionName(spec.name);
      // Collections are created up front: creating one inside a transaction is slower and limited.
      if (!existing.has(spec.name)) await this.createCollection(spec.name);
      for (const index of spec.indexes) {
        if (index.fields.length === 0)
          throw new ReadStoreInputError(`an index of ${spec.name} has no fields`);
        index.fields.forEach(assertFieldPath);
        const keys = Object.fromEntries(index.fields.map((field) => [mongoField(field), 1 as const]));
        await this.db
          .collection(spec.name)
          .createIndex(keys, {
            name: indexName(spec.name, index.fields, index.unique),
            unique: index.unique ?? false,
          });
      }
    }
  }

  async dropCollections(names: readonly string[]): Promise<void> {
    for (const name of names) {
      assertCollectionName(name);
      try {
        await this.db.collection(name).drop();
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
      }
    }
  }

  async get(collection: string, id: string): Promise<StoredDocument | undefined> {
    assertCollectionName(collection);
    const raw = await this.raw(collection).findOne({ _id: id });
    return raw ? fromMongoDocument(raw) : undefined;
  }

  async getMany(collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    assertCollectionName(collection);
    const found = new Map<string, StoredDocument>();
    if (ids.length === 0) return found;
    for await (const raw of this.raw(collection).find({ _id: { $in: [...ids] } })) {
      found.set(raw._id, fromMongoDocument(raw));
    }
    return found;
  }

  async find(collection: string, filter?: Filter, options?: FindOptions): Promise<StoredDocument[]> {
    assertCollectionName(collection);
    const plan = planQuery(filter, options);
    if (plan.limit === 0) return [];
    const cursor = this.raw(collection)
      .find(toMongoFilter(plan))
      .sort(toMongoSort(plan.sort))
      .skip(plan.offset)
      .limit(plan.limit);
    return (await cursor.toArray()).map(fromMongoDocument);
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    assertCollectionName(collection);
    return this.raw(collection).countDocuments(
      toMongoFilter({ conditions: planConditions(filter), after: null }),
    );
  }

  async transaction(unit: WriteUnit): Promise<void> {
    const byCollection = groupWrites(unit);
    for (const checkpoint of unit.checkpoints ?? []) {
      if (!Number.isSafeInteger(checkpoint.position) || checkpoint.position < 0) {
        throw new ReadStoreInputError(
          `checkpoint of ${checkpoint.projection} must be a non-negative integer`,
        );
      }
    }
    const session = this.client.startSession();
    try {
      await session.withTransaction(async () => this.applyUnit(session, byCollection, unit), {
        writeConcern: { w: 'majority' },
        readConcern: { level: 'snapshot' },
      });
    } finally {
      await session.endSession();
    }
  }

  async checkpoint(projection: string): Promise<number> {
    const raw = await this.db
      .collection<{ _id: string; position: number }>(CHECKPOINTS)
      .findOne({ _id: projection });
    return raw?.position ?? 0;
  }

  async removeCheckpoint(projection: string): Promise<void> {
    await this.db.collection<{ _id: string }>(CHECKPOINTS).deleteOne({ _id: projection });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async applyUnit(
    session: ClientSession,
    byCollection: Map<string, AnyBulkWriteOperation<RawDocument>[]>,
    unit: WriteUnit,
  ): Promise<void> {
    for (const [collection, operations] of byCollection) {
      await this.raw(collection).bulkWrite(operations, { session, ordered: true });
    }
    const checkpoints = this.db.collection<{ _id: string; position: number }>(CHECKPOINTS);
    for (const checkpoint of unit.checkpoints ?? []) {
      await checkpoints.updateOne(
        { _id: checkpoint.projection },
        { $set: { position: checkpoint.position } },
        { upsert: true, session },
      );
    }
  }

  private async createCollection(name: string): Promise<void> {
    try {
      await this.db.createCollection(name);
    } catch (error) {
      // Another process created it first.
      if (!(error instanceof MongoServerError && error.codeName === 'NamespaceExists')) throw error;
    }
  }

  private raw(collection: string) {
    return this.db.collection<RawDocument>(collection);
  }
}

function groupWrites(unit: WriteUnit): Map<string, AnyBulkWriteOperation<RawDocument>[]> {
  const byCollection = new Map<string, AnyBulkWriteOperation<RawDocument>[]>();
  for (const write of unit.writes) {
    assertCollectionName(write.collection);
    let operations = byCollection.get(write.collection);
    if (!operations) byCollection.set(write.collection, (operations = []));
    if (write.kind === 'delete') {
      operations.push({ deleteOne: { filter: { _id: write.id } } });
      continue;
    }
    if (typeof write.document.id !== 'string' || write.document.id === '') {
      throw new ReadStoreInputError(`a document of ${write.collection} has no string id`);
    }
    const replacement = toMongoDocument(write.document) as RawDocument;
    operations.push({ replaceOne: { filter: { _id: replacement._id }, replacement, upsert: true } });
  }
  return byCollection;
}
