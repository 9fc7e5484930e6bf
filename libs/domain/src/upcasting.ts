import { EVENT_SCHEMA_VERSION, type DomainEvent } from './events';

/**
 * Old event shapes are upcast on read, never rewritten in the log. An upcaster turns version N of a
 * type into version N+1; `upcast` applies them in turn. Every type is at version 1 today, so the
 * registry is empty; add `{ 'CreditAllocated:1': (data) => ({ ...data, newField: … }) }` when a shape changes.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
const UPCASTERS: Record<string, Upcaster> = {};

export function upcast(type: string, schemaVersion: number, data: Record<string, unknown>): DomainEvent {
  let version = schemaVersion;
  let current = data;
  while (version < EVENT_SCHEMA_VERSION) {
    const next = UPCASTERS[`${type}:${version}`];
    if (!next) throw new Error(`no upcaster for ${type} v${version}`);
    current = next(current);
    version += 1;
  }
  if (version > EVENT_SCHEMA_VERSION) throw new Error(`${type} v${version} is newer than this code understands`);
  return { type, data: current } as DomainEvent;
}
