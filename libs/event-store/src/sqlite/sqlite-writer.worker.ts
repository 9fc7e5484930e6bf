/**
 * The writer thread of a SqliteEventStore (see writer-thread.ts): owns the write connection and
 * commits what the main thread posts, in arrival order. Batches that arrived while the previous
 * transaction was committing are merged into one transaction (one fsync), up to `maxBatchRequests`.
 */
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { prepareDatabase } from './sqlite-schema';
import { SqliteBatchWriter } from './sqlite-writer';
import { decodeRequests, encodeOutcomes, toWireError } from './writer-protocol';
import type { ToWriter, WriterData } from './writer-thread';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer.worker must run in a worker thread');
const options = workerData as WriterData;
const db = new Database(options.filename);
prepareDatabase(db, options.busyTimeoutMs);
const writer = new SqliteBatchWriter(db);

type Batch = Extract<ToWriter, { type: 'batch' }>;

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

function handle(message: ToWriter): void {
  switch (message.type) {
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
  return (port === null ? undefined : receiveMessageOnPort(port)?.message) as ToWriter | undefined;
}
