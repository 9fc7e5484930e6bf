import { MAX_FIND_LIMIT, type Filter, type ReadStore, type StoredDocument } from '@skype-manager/read-store';
import type { ReadModelDifference } from './read-model-replay';

/**
 * Compares read models rebuilt from the log ("fresh") with the live ones, document by document, for
 * one Manager (or all when `managerId` is undefined). Both sides are read through the read-store
 * port, collection by collection (physical names: the caller resolves each side's generation).
 *
 * Every projected document remembers the last position it reflects (`_position`). A live document
 * updated after `position` (the last event the fresh side applied) cannot be compared — it already
 * reflects later events — and is skipped; everything else must be equal, `_position` included.
 */
export interface CollectionPair {
  /** A readable name for the report, e.g. `balances.accounts`. */
  name: string;
  fresh: string;
  live: string;
}

const MAX_DIFFERENCES_PER_COLLECTION = 10;

export async function compareReadModels(
  fresh: ReadStore,
  live: ReadStore,
  pairs: readonly CollectionPair[],
  scope: { managerId?: string; position: number },
): Promise<ReadModelDifference[]> {
  const differences: ReadModelDifference[] = [];
  for (const pair of pairs) {
    const freshDocuments = await allDocuments(fresh, pair.fresh, scope.managerId);
    const liveDocuments = await allDocuments(live, pair.live, scope.managerId);
    differences.push(...compareCollection(pair.name, freshDocuments, liveDocuments, scope.position));
  }
  return differences;
}

function compareCollection(
  name: string,
  fresh: Map<string, StoredDocument>,
  live: Map<string, StoredDocument>,
  position: number,
): ReadModelDifference[] {
  const found: ReadModelDifference[] = [];
  const note = (difference: ReadModelDifference): void => void (found.length < MAX_DIFFERENCES_PER_COLLECTION && found.push(difference));
  for (const [id, expected] of fresh) {
    const actual = live.get(id);
    if (actual !== undefined && positionOf(actual) > position) continue;
    if (actual === undefined) note({ position: positionOf(expected), detail: `${name}/${id} is missing from the live read model` });
    else {
      const field = firstDifference(expected, actual);
      if (field !== undefined) {
        note({ position: positionOf(expected), detail: `${name}/${id}: ${field} is ${show(actual, field)} live, ${show(expected, field)} rebuilt from the log` });
      }
    }
  }
  for (const [id, actual] of live) {
    if (!fresh.has(id) && positionOf(actual) <= position) {
      note({ position: positionOf(actual), detail: `${name}/${id} is in the live read model but not rebuilt from the log` });
    }
  }
  return found;
}

async function allDocuments(store: ReadStore, collection: string, managerId: string | undefined): Promise<Map<string, StoredDocument>> {
  const documents = new Map<string, StoredDocument>();
  const filter: Filter = managerId === undefined ? {} : { managerId };
  let after: string | undefined;
  for (;;) {
    const page = await store.find(collection, filter, { limit: MAX_FIND_LIMIT, ...(after === undefined ? {} : { after: [after] }) });
    for (const document of page) documents.set(document.id, document);
    if (page.length < MAX_FIND_LIMIT) return documents;
    after = page[page.length - 1].id;
  }
}

function positionOf(document: StoredDocument): number {
  return typeof document._position === 'number' ? document._position : 0;
}

/** The first top-level field whose JSON differs (fields in sorted order, so the answer is stable). */
function firstDifference(a: StoredDocument, b: StoredDocument): string | undefined {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return fields.find((field) => stableJson(a[field]) !== stableJson(b[field]));
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`).join(',')}}`;
}

function show(document: StoredDocument, field: string): string {
  const text = stableJson(document[field]);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
