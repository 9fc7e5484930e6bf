import { ReadStoreInputError, type Scalar } from '../read-store.port';
import type { Condition, QueryPlan } from '../query-plan';

/**
 * Translates a query plan into SQL over a collection table `(id TEXT PRIMARY KEY, doc TEXT)`.
 * Fields are read with `json_extract(doc, '$.path')`: exactly the expression the indexes are built
 * on, so SQLite uses them for filters and ordering.
 */
export type SqlValue = string | number | null;

export interface SqlQuery {
  sql: string;
  params: SqlValue[];
}

export function tableName(collection: string): string {
  return `c_${collection}`;
}

export function fieldExpression(field: string): string {
  return field === 'id' ? 'id' : `json_extract(doc, '$.${field}')`;
}

/** SQLite stores JSON booleans as 1 and 0, so they are compared that way. */
export function toSqlValue(value: Scalar): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ReadStoreInputError('numbers must be finite');
  return value;
}

const COMPARATORS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function conditionSql(condition: Condition, params: SqlValue[]): string {
  const expression = fieldExpression(condition.field);
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

export function whereSql(plan: Pick<QueryPlan, 'conditions' | 'after'>, params: SqlValue[]): string {
  const parts = plan.conditions.map((condition) => conditionSql(condition, params));
  if (plan.after) {
    const groups = plan.after.map((group) => `(${group.map((condition) => conditionSql(condition, params)).join(' AND ')})`);
    parts.push(`(${groups.join(' OR ')})`);
  }
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}

export function selectSql(collection: string, plan: QueryPlan): SqlQuery {
  const params: SqlValue[] = [];
  const where = whereSql(plan, params);
  const order = plan.sort.map((key) => `${fieldExpression(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`);
  params.push(plan.limit, plan.offset);
  return {
    sql: `SELECT doc FROM "${tableName(collection)}"${where} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
    params,
  };
}

export function countSql(collection: string, plan: Pick<QueryPlan, 'conditions' | 'after'>): SqlQuery {
  const params: SqlValue[] = [];
  const where = whereSql(plan, params);
  return { sql: `SELECT count(*) AS n FROM "${tableName(collection)}"${where}`, params };
}
