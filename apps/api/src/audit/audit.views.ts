import type { JsonObject, RecordedEvent } from '@skype-manager/event-store';

/** One event as the audit routes show it: as stored (never upcast: this is the record), chain fields included. */
export interface EventView {
  position: number;
  id: string;
  streamId: string;
  revision: number;
  type: string;
  data: JsonObject;
  metadata: RecordedEvent['metadata'];
}

export interface LogPage {
  items: EventView[];
  /** Pass as `after` to read on; absent when the end of the log was reached. */
  next?: number;
}

export function eventView(event: RecordedEvent): EventView {
  return {
    position: event.position,
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}
