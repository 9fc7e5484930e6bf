import {
  MAX_FIND_LIMIT,
  ReadStoreInputError,
  type FieldRange,
  type Filter,
  type FindOptions,
  type Scalar,
  type SortField,
  type StoredDocument,
} from './read-store.port';

/**
 * The adapter-neutral form of a query: every adapter translates the same plan, so filters, ordering
 * and keyset paging mean the same thing on SQLite and on MongoDB.
 */
export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in';

export interface Condition {
  field: string;
  op: Operator;
  value: Scalar | readonly Scalar[];
}

export interface QueryPlan {
  /** All must hold. */
  conditions: Condition[];
  /** Keyset paging: at least one group must hold (each group: all of its conditions). */
  after: Condition[][] | null;
  /** Sort keys, ending with `id` ascending. */
  sort: SortField[];
  limit: number;
  offset: number;
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const RANGE_KEYS: ReadonlySet<string> = new Set(['gt', 'gte', 'lt', 'lte', 'in', 'ne']);

/** Names reach SQL text (table names, JSON paths), so only a safe alphabet is accepted. */
export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new ReadStoreInputError(`collection name "${name}" must match ${COLLECTION_NAME.source}`);
  }
}

export function assertFieldPath(field: string): void {
  if (!FIELD_PATH.test(field))
    throw new ReadStoreInputError(`field "${field}" must match ${FIELD_PATH.source}`);
}

function isRange(value: Scalar | FieldRange): value is FieldRange {
  return typeof value === 'object' && value !== null;
}

export function planConditions(filter: Filter = {}): Condition[] {
  const conditions: Condition[] = [];
  for (const [field, value] of Object.entries(filter)) {
    assertFieldPath(field);
    if (!isRange(value)) {
      conditions.push({ field, op: 'eq', value });
      continue;
    }
    for (const [op, bound] of Object.entries(value)) {
      if (!RANGE_KEYS.has(op)) throw new ReadStoreInputError(`unknown condition "${op}" on field "${field}"`);
      if (bound === undefined) continue;
      if (op === 'in' && !Array.isArray(bound))
        throw new ReadStoreInputError(`"in" on "${field}" needs an array`);
      conditions.push({ field, op: op as Operator, value: bound as Scalar | readonly Scalar[] });
    }
  }
  return conditions;
}

export function planSort(sort: readonly SortField[] = []): SortField[] {
  for (const key of sort) {
    assertFieldPath(key.field);
    if (key.direction !== 'asc' && key.direction !== 'desc') {
      throw new ReadStoreInputError(`sort direction of "${key.field}" must be asc or desc`);
    }
  }
  const withoutId = sort.filter((key) => key.field !== 'id');
  const idKey = sort.find((key) => key.field === 'id') ?? { field: 'id', direction: 'asc' as const };
  return [...withoutId, idKey];
}

/**
 * "Strictly after (v1, v2, …, id) in sort order" as OR-of-AND groups:
 * (f1 > v1) OR (f1 = v1 AND f2 > v2) OR … with > flipped to < for descending keys.
 */
export function planAfter(sort: SortField[], after: readonly Scalar[]): Condition[][] {
  if (after.length !== sort.length) {
    throw new ReadStoreInputError(`"after" needs ${sort.length} values (the sort fields then the id)`);
  }
  const groups: Condition[][] = [];
  for (let k = 0; k < sort.length; k++) {
    const group: Condition[] = [];
    for (let i = 0; i < k; i++) group.push({ field: sort[i].field, op: 'eq', value: after[i] });
    group.push({ field: sort[k].field, op: sort[k].direction === 'asc' ? 'gt' : 'lt', value: after[k] });
    groups.push(group);
  }
  return groups;
}

export function planQuery(filter: Filter | undefined, options: FindOptions = {}): QueryPlan {
  const limit = options.limit ?? MAX_FIND_LIMIT;
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_FIND_LIMIT) {
    throw new ReadStoreInputError(`limit must be an integer from 0 to ${MAX_FIND_LIMIT}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new ReadStoreInputError('offset must be a non-negative integer');
  const conditions = planConditions(filter);
  const sort = planSort(options.sort);
  let after: Condition[][] | null = null;
  if (options.after) {
    after = planAfter(sort, options.after);
    // A plain bound on the first key lets an index range scan start at the cursor instead of
    // filtering every earlier row (deep pages stay as cheap as the first one).
    const first = sort[0];
    conditions.push({
      field: first.field,
      op: first.direction === 'asc' ? 'gte' : 'lte',
      value: options.after[0],
    });
  }
  return { conditions, after, sort, limit, offset };
}

/** The keyset cursor of a document for `FindOptions.after`. */
export function cursorOf(document: StoredDocument, sort: readonly SortField[] = []): Scalar[] {
  return planSort(sort).map((key) => readPath(document, key.field) as Scalar);
}

export function readPath(document: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return document[path];
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function indexName(collection: string, fields: readonly string[], unique = false): string {
  return `${unique ? 'ux' : 'ix'}_${collection}__${fields.map((field) => field.replace(/\./g, '_')).join('__')}`;
}
