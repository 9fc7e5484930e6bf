import type { Scalar, SortField, StoredDocument } from '../read-store.port';
import type { Condition, QueryPlan } from '../query-plan';

/**
 * Translates a query plan into MongoDB filter and sort documents. Pure, so it is unit-tested without a
 * server; the contract suite checks that it means the same as the SQLite translation.
 */
export type MongoFilter = Record<string, unknown>;
export type MongoSort = Record<string, 1 | -1>;

/** The document id is stored as `_id`, so lookups by id use the primary index. */
export function mongoField(field: string): string {
  return field === 'id' ? '_id' : field;
}

const OPERATORS = { ne: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', in: '$in' } as const;

function conditionFilter(condition: Condition): MongoFilter {
  const field = mongoField(condition.field);
  if (condition.op === 'eq') return { [field]: condition.value };
  const value = condition.op === 'in' ? [...(condition.value as readonly Scalar[])] : condition.value;
  return { [field]: { [OPERATORS[condition.op]]: value } };
}

function allOf(conditions: readonly Condition[]): MongoFilter[] {
  return conditions.map(conditionFilter);
}

/** `$and` of every condition (several bounds on one field stay separate clauses, as in SQL). */
export function toMongoFilter(plan: Pick<QueryPlan, 'conditions' | 'after'>): MongoFilter {
  const clauses = allOf(plan.conditions);
  if (plan.after) clauses.push({ $or: plan.after.map((group) => ({ $and: allOf(group) })) });
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0];
  return { $and: clauses };
}

export function toMongoSort(sort: readonly SortField[]): MongoSort {
  const result: MongoSort = {};
  for (const key of sort) result[mongoField(key.field)] = key.direction === 'asc' ? 1 : -1;
  return result;
}

export function toMongoDocument(document: StoredDocument): Record<string, unknown> {
  const { id, ...fields } = document;
  return { _id: id, ...fields };
}

export function fromMongoDocument(raw: Record<string, unknown>): StoredDocument {
  const { _id, ...fields } = raw;
  return { id: String(_id), ...fields };
}
