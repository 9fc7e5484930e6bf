import type { Scalar } from '@skype-manager/read-store';

/**
 * A query refused because of its input (HTTP 400): `field` names the parameter, `message` says what
 * is allowed.
 */
export class InvalidQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

/** A page cursor is the keyset of the last item seen (a sort value, then the id), opaque to clients. */
export function encodeCursor(keyset: readonly Scalar[]): string {
  return Buffer.from(JSON.stringify(keyset)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [number, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const keyset: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(keyset) &&
      keyset.length === 2 &&
      Number.isSafeInteger(keyset[0]) &&
      typeof keyset[1] === 'string'
    ) {
      return [keyset[0] as number, keyset[1]];
    }
  } catch {
    // Falls through to the refusal below: a cursor is only ever one this API handed out.
  }
  throw new InvalidQueryError('cursor', 'cursor is not one this API handed out');
}

export type PageOrder = 'newest' | 'oldest';

export function pageOrder(order: string | undefined): PageOrder {
  if (order === undefined) return 'newest';
  if (order === 'newest' || order === 'oldest') return order;
  throw new InvalidQueryError('order', 'order must be newest or oldest');
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page; absent on the last page. */
  next?: string;
}
