import { ReadStoreInputError, type Scalar } from '../read-store.port';
import type { Condition, QueryPlan } from '../query-plan';

/**
 * Translates a query plan into SQL over a collection table `(id TEXT PRIMARY KEY, doc TEXT, …)`.
 * An indexed field is read from its own column (see sqlite-tables.ts), so SQLite uses the index for
 * filters and ordering; any other field with `json_extract(doc, '$.path')`.
 */
export type SqlValue = string | number | null;

export interface SqlQuery {
  sql: string;
  params: SqlValue[];
}

export function tableName(collection: string): string {
  return `c_${collection}`;
}

export type IndexedFields = ReadonlySet<string>;

export function fieldExpression(field: string, indexed: IndexedFields): string {
  if (field === 'id') return 'id';
  return indexed.has(field) ? `"f:${field}"` : `json_extract(doc, '$.${field}')`;
}

/** SQLite stores JSON booleans as 1 and 0, so they are compared that way. */
export function toSqlValue(value: Scalar): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new ReadStoreInputError('numbers must be finite');
  return value;
}

const COMPARATORS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function conditionSql(condition: Condition, params: SqlValue[], indexed: IndexedFields): string {
  const expression = fieldExpression(condition.field, indexed);
  if (condition.op === 'in') {
    const values = condition.value as readonly Scalar[];
    const nonNull = values.filter((value) => value !== null);
    const parts: string[] = [];
    if (nonNull.length > 0) {
      parts.push(`${expression} IN (${nonNull.map(() => '?').join(', ')})`);
      params.push(...nonNull.map(toSqlValue));
    }
    if (nonNull.length < values.length) parts.push(`${expression} IS NULL`);
    return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
  }
  const value = condition.value as Scalar;
  if (value === null) {
    if (condition.op === 'eq') return `${expression} IS NULL`;
    if (condition.op === 'ne') return `${expression} IS NOT NULL`;
    throw new ReadStoreInputError(`"${condition.op}" on "${condition.field}" cannot compare with null`);
  }
  if (condition.op === 'ne') {
    // As in MongoDB, "not equal" also matches documents where the field is null or missing.
    params.push(toSqlValue(value));
    return `(${expression} IS NULL OR ${expression} <> ?)`;
  }
  params.push(toSqlValue(value));
  return `${expression} ${COMPARATORS[condition.op]} ?`;
}

export function whereSql(
  plan: Pick<QueryPlan, 'conditions' | 'after'>,
  params: SqlValue[],
  indexed: IndexedFields,
): string {
  const parts = plan.conditions.map((condition) => conditionSql(condition, params, indexed));
  if (plan.after) {
    const groups = plan.after.map(
      (group) => `(${group.map((condition) => conditionSql(condition, params, indexed)).join(' AND ')})`,
    );
    parts.push(`(${groups.join(' OR ')})`);
  }
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}

export function selectSql(collection: string, plan: QueryPlan, indexed: IndexedFields): SqlQuery {
  const params: SqlValue[] = [];
  const where = whereSql(plan, params, indexed);
  const order = plan.sort.map(
    (key) => `${fieldExpression(key.field, indexed)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`,
  );
  params.push(plan.limit, plan.offset);
  // `LIMIT ?` would make SQLite compile the statement again on every run: the planner may look at a
  // bound LIMIT, so binding it marks the statement stale (SQLite 3.53). The cast hides it from the
  // planner; OFFSET is not looked at.
  return {
    sql: `SELECT doc FROM "${tableName(collection)}"${where} ORDER BY ${order.join(', ')} LIMIT CAST(? AS INTEGER) OFFSET ?`,
    params,
  };
}

export function countSql(
  collection: string,
  plan: Pick<QueryPlan, 'conditions' | 'after'>,
  indexed: IndexedFields,
): SqlQuery {
  const params: SqlValue[] = [];
  const where = whereSql(plan, params, indexed);
  return { sql: `SELECT count(*) AS n FROM "${tableName(collection)}"${where}`, params };
}
