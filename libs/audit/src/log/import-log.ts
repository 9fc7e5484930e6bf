import { withoutChainFields, type AppendRequest, type EventStore, type RecordedEvent } from '@skype-manager/event-store';
import { verifyLog, type LogVerifyReport } from '../verify/verify-log';
import { checkExport, type ExportCheck } from './check-export';
import { readExport } from './read-export';

/**
 * Restores an export into an EMPTY store, in three steps:
 *   1. check the file (header, trailer, order, stream revisions, every Manager's hash chain) and
 *      refuse it, writing nothing, if anything is wrong;
 *   2. append its events in log order, keeping ids, types, data, metadata and stream revisions
 *      (each stream's expected revision is the exported one, so a revision can never shift);
 *   3. verify the new log end to end.
 *
 * The port has no way to write the chain fields: the store computes them again. The chain covers the
 * content, the chain sequence and the stream revision — not the position — so appending the same
 * events in the same order gives every event the same hash, and step 2 checks that it does, event by
 * event. Positions may differ: the new log numbers its events 1, 2, 3… without the gaps the old one
 * may have had (for example after rolled-back appends). Audit checkpoints and snapshots are not in the
 * export; they are rebuilt from the log when needed.
 */
export interface ImportOptions {
  /** Events per append (the store accepts up to 1,000 in one request). */
  batchEvents?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'checking' | 'importing' | 'verifying';
  events: number;
  /** How far the phase is, out of `total` (log positions while checking and verifying, events while importing). */
  done: number;
  total: number;
}

export interface ImportReport {
  events: number;
  managers: number;
  streams: number;
  /** True when every event kept its position too. */
  positionsPreserved: boolean;
  verification: LogVerifyReport;
}

export class ImportRefusedError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length === 0 ? message : `${message}:\n  ${problems.join('\n  ')}`);
    this.name = 'ImportRefusedError';
  }
}

const MAX_STREAMS_PER_APPEND = 100;

export async function importLog(
  store: EventStore,
  openLines: () => AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const head = await store.headPosition();
  if (head > 0) throw new ImportRefusedError(`the target store is not empty (its log ends at position ${head}): import only restores into an empty store`);
  const checked = await checkExport(openLines(), (p) =>
    options.onProgress?.({ phase: 'checking', events: p.events, done: p.position, total: p.headPosition }),
  );
  if (checked.problems.length > 0) throw new ImportRefusedError('the export is not sound, nothing was imported', checked.problems);
  const positionsPreserved = await appendAll(store, openLines(), checked, options);
  const verification = await verifyLog(store, {}, {
    onProgress: (p) => options.onProgress?.({ phase: 'verifying', events: p.eventsChecked, done: p.position, total: p.headPosition }),
  });
  if (!verification.ok || verification.eventsChecked !== checked.events) {
    throw new ImportRefusedError(
      `the imported log does not verify (${verification.eventsChecked} of ${checked.events} events checked); the target store now holds a partial import: empty it before trying again`,
      verification.problems.map((problem) => `${problem.position ?? '-'} ${problem.kind}: ${problem.detail}`),
    );
  }
  return { events: checked.events, managers: checked.managers, streams: checked.streams, positionsPreserved, verification };
}

/** Appends the events in order; returns whether every event kept its position. */
async function appendAll(
  store: EventStore,
  lines: AsyncIterable<string>,
  checked: ExportCheck,
  options: ImportOptions,
): Promise<boolean> {
  const maxEvents = options.batchEvents ?? 1000;
  let batch: RecordedEvent[] = [];
  let streamsInBatch = new Set<string>();
  let imported = 0;
  let positionsPreserved = true;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    positionsPreserved = (await appendBatch(store, batch)) && positionsPreserved;
    imported += batch.length;
    options.onProgress?.({ phase: 'importing', events: imported, done: imported, total: checked.events });
    batch = [];
    streamsInBatch = new Set();
  };
  for await (const line of readExport(lines)) {
    if (line.kind !== 'event') continue;
    const event = line.event;
    const last = batch[batch.length - 1];
    // One request per run of a stream: a stream may appear once per appendMulti, and the requests'
    // events are written in request order, which must stay the log's order.
    const continuesRun = last !== undefined && last.streamId === event.streamId;
    const full = batch.length >= maxEvents || (!continuesRun && streamsInBatch.size >= MAX_STREAMS_PER_APPEND);
    if (full || (!continuesRun && streamsInBatch.has(event.streamId))) await flush();
    batch.push(event);
    streamsInBatch.add(event.streamId);
  }
  await flush();
  return positionsPreserved;
}

async function appendBatch(store: EventStore, batch: readonly RecordedEvent[]): Promise<boolean> {
  const requests: AppendRequest[] = [];
  for (const event of batch) {
    let request = requests[requests.length - 1];
    if (request === undefined || request.streamId !== event.streamId) {
      request = { streamId: event.streamId, expectedRevision: event.revision === 0 ? 'no-stream' : event.revision - 1, events: [] };
      requests.push(request);
    }
    request.events.push({ id: event.id, type: event.type, data: event.data, metadata: withoutChainFields(event.metadata) });
  }
  const result = await store.appendMulti(requests);
  const recorded = new Map(result.events.map((event) => [event.id, event]));
  let positionsPreserved = true;
  for (const original of batch) {
    const copy = recorded.get(original.id);
    if (copy === undefined || copy.metadata.hash !== original.metadata.hash || copy.revision !== original.revision) {
      throw new ImportRefusedError(
        `event ${original.id} (exported at position ${original.position}) was stored with another ${copy === undefined ? 'outcome' : copy.revision !== original.revision ? 'revision' : 'hash'}; the target store now holds a partial import: empty it before trying again`,
      );
    }
    if (copy.position !== original.position) positionsPreserved = false;
  }
  return positionsPreserved;
}
