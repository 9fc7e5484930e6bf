/**
 * The writer thread of a SqliteEventStore (see writer-thread.ts): owns the write connection and
 * commits what the main thread posts, in arrival order. Batches that arrived while the previous
 * transaction was committing are merged into one transaction (one fsync), up to `maxBatchRequests`.
 */
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { prepareDatabase } from './sqlite-schema';
import { SqliteBatchWriter } from './sqlite-writer';
import { decodeRequests, decodeStreamHeaders, encodeOutcomes, partedRequest, toWireError, type WireFlat } from './writer-protocol';
import { PART_TIMEOUT_MS, type ToWriter, type WriterData } from './writer-thread';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer.worker must run in a worker thread');
const options = workerData as WriterData;
const db = new Database(options.filename);
prepareDatabase(db, options.busyTimeoutMs);
const writer = new SqliteBatchWriter(db);

type Batch = Extract<ToWriter, { type: 'batch' }>;
type Parts = Extract<ToWriter, { type: 'parts' }>;

/** Messages that arrived while a request sent in parts was being received: handled after it. */
const backlog: ToWriter[] = [];

function commit(batches: Batch[]): void {
  try {
    const requests = batches.map((batch) => decodeRequests(batch.requests));
    const outcomes = writer.commitBatch(batches.length === 1 ? requests[0] : requests.flat());
    let offset = 0;
    requests.forEach((sent, index) => {
      const answer = encodeOutcomes(outcomes.slice(offset, offset + sent.length));
      port?.postMessage({ type: 'batch', seq: batches[index].seq, outcomes: answer });
      offset += sent.length;
    });
  } catch (error) {
    for (const batch of batches) port?.postMessage({ type: 'batch-failed', seq: batch.seq, error: toWireError(error) });
  }
}

/**
 * A request sent in parts, in one transaction of its own: its first part is inserted now, each next
 * part as soon as it arrives (blocking this thread in between: the transaction is open).
 */
function commitInParts(first: Parts): void {
  try {
    const request = partedRequest(decodeStreamHeaders(first.headers), first.part, () => receivePart(first.seq));
    const outcomes = writer.commitBatch([request]);
    port?.postMessage({ type: 'batch', seq: first.seq, outcomes: encodeOutcomes(outcomes) });
  } catch (error) {
    port?.postMessage({ type: 'batch-failed', seq: first.seq, error: toWireError(error) });
  }
}

/** Waits for the next part of request `seq`; throws if its caller abandoned it or it does not come. */
function receivePart(seq: number): WireFlat {
  const deadline = Date.now() + PART_TIMEOUT_MS;
  for (;;) {
    // Read the counter before looking at the port: a part posted after this read bumps it, so the
    // wait below returns at once instead of missing it.
    const seen = Atomics.load(options.partSignal, 0);
    const message = (port === null ? undefined : receiveMessageOnPort(port)?.message) as ToWriter | undefined;
    if (message === undefined) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(options.partSignal, 0, seen, left) === 'timed-out') {
        throw new Error(`sqlite writer: the next part of a request did not arrive within ${PART_TIMEOUT_MS} ms`);
      }
    } else if (message.type === 'part' && message.request === seq) {
      return message.part;
    } else if (message.type === 'parts-abandoned' && message.request === seq) {
      throw new Error('sqlite writer: the caller abandoned the request before sending all its parts');
    } else {
      backlog.push(message); // the caller posts nothing else before the last part: defensive
    }
  }
}

function handle(message: ToWriter): void {
  switch (message.type) {
    case 'parts':
      commitInParts(message);
      return;
    case 'part':
    case 'parts-abandoned':
      // The rest of a request that already failed here (the writer stopped reading its parts).
      return;
    case 'snapshot':
      try {
        writer.saveSnapshot(...message.snapshot);
        port?.postMessage({ type: 'done', seq: message.seq });
      } catch (error) {
        port?.postMessage({ type: 'done', seq: message.seq, error: toWireError(error) });
      }
      return;
    case 'close':
      try {
        writer.catchUpManagerIndex(); // leave the file fully indexed
      } finally {
        db.close();
      }
      port?.postMessage({ type: 'done', seq: message.seq });
      port?.close();
      return;
    default:
      // A message this writer does not understand is a bug: die loudly (the store rejects its callers).
      throw new Error(`sqlite writer: unknown message ${JSON.stringify(message)}`);
  }
}

port.on('message', (first: ToWriter) => {
  let next: ToWriter | undefined = first;
  while (next !== undefined) {
    if (next.type !== 'batch') {
      handle(next);
      next = receive();
      continue;
    }
    // Merge the batches already waiting into this transaction, up to maxBatchRequests requests.
    const batches: Batch[] = [next];
    let count = next.count;
    next = undefined;
    while (count < options.maxBatchRequests) {
      const more = receive();
      if (more === undefined) break;
      if (more.type !== 'batch' || count + more.count > options.maxBatchRequests) {
        next = more;
        break;
      }
      batches.push(more);
      count += more.count;
    }
    commit(batches);
    next ??= receive();
  }
});

function receive(): ToWriter | undefined {
  if (backlog.length > 0) return backlog.shift();
  return (port === null ? undefined : receiveMessageOnPort(port)?.message) as ToWriter | undefined;
}
