import type { EventStore } from '@skype-manager/event-store';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader, type ExportTrailer } from './export-format';

export interface ExportOptions {
  /** Only this Manager's events (the file then imports on its own only if it shares no stream). */
  managerId?: string;
  pageSize?: number;
  onProgress?: (progress: { events: number; position: number; headPosition: number }) => void;
  /** The export's clock (tests pin it). */
  now?: () => Date;
}

/**
 * Streams the log as NDJSON (see export-format.ts): read in pages, one `write` per page, awaited, so
 * a slow destination holds the reading back instead of filling memory.
 */
export async function exportLog(
  store: EventStore,
  write: (chunk: string) => Promise<void>,
  options: ExportOptions = {},
): Promise<ExportTrailer> {
  const pageSize = options.pageSize ?? 5000;
  const headPosition = await store.headPosition();
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    headPosition,
    ...(options.managerId === undefined ? {} : { managerId: options.managerId }),
  };
  await write(`${JSON.stringify(header)}\n`);
  let events = 0;
  let after = 0;
  while (after < headPosition) {
    const page = (await store.readAll({ after, limit: pageSize, managerId: options.managerId })).filter(
      (event) => event.position <= headPosition,
    );
    if (page.length === 0) break;
    let chunk = '';
    for (const event of page) chunk += `${JSON.stringify(event)}\n`;
    await write(chunk);
    events += page.length;
    after = page[page.length - 1].position;
    options.onProgress?.({ events, position: after, headPosition });
  }
  const trailer: ExportTrailer = { end: true, events, lastPosition: after };
  await write(`${JSON.stringify(trailer)}\n`);
  return trailer;
}
