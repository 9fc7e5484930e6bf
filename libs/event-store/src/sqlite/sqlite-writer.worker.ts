/**
 * The writer thread of a SqliteEventStore (see writer-thread.ts): owns the write connection and
 * commits what the main thread posts, in arrival order. Batches that arrived while the previous
 * transaction was committing are merged into one transaction (one fsync), up to `maxBatchRequests`.
 */
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { prepareDatabase } from './sqlite-schema';
import { type NextPart, SqliteBatchWriter } from './sqlite-writer';
import { decodeRequests, encodeOutcomes, toWireError, type WireRequest } from './writer-protocol';
import type { FromWriter, ToWriter, WriterData } from './writer-thread';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer.worker must run in a worker thread');
const options = workerData as WriterData;
const db = new Database(options.filename);
prepareDatabase(db, options.busyTimeoutMs);
const writer = new SqliteBatchWriter(db);

type Batch = Extract<ToWriter, { type: 'batch' }>;

/** Messages taken from the port while waiting inside an open batch, that were not its next batch. */
const backlog: ToWriter[] = [];

/**
 * How long an open batch (`more`) waits for the rest of its burst before committing what it has. The
 * caller closes an open batch on its next event-loop turn, so this is a safety net, not a delay.
 */
const OPEN_BATCH_WAIT_MS = options.openBatchWaitMs ?? 50;

/** How long a request given in parts waits for its next part (see WriterData.partWaitMs). */
const PART_WAIT_MS = options.partWaitMs ?? 5000;

/** Requests given in parts that were failed before their end came: their late parts are dropped. */
const abandoned = new Set<number>();

/** The rest of the request given in parts by batch `seq`, read from the port as the writer needs it. */
function partsOf(seq: number, ended: Set<number>): () => NextPart {
  return () => {
    const message = nextMessage(PART_WAIT_MS);
    if (message === undefined) {
      abandoned.add(seq);
      return { kind: 'timeout', waitedMs: PART_WAIT_MS };
    }
    if (message.type !== 'part' || message.partOf !== seq) {
      // Only this request's parts can come now (the caller sends them in one synchronous loop).
      backlog.unshift(message);
      abandoned.add(seq);
      return { kind: 'abort', error: { kind: 'other', name: 'Error', message: `sqlite writer: expected the next part of batch ${seq}, got a ${message.type} message` } };
    }
    if (message.requests !== undefined) return { kind: 'part', request: decodeRequests(message.requests)[0] };
    ended.add(seq);
    return message.abort !== undefined ? { kind: 'abort', error: message.abort } : { kind: 'end' };
  };
}

function commit(batches: Batch[]): void {
  // The last request of a `parted` batch comes in parts: the writer reads the rest as it goes.
  const parted = new Map<WireRequest, number>();
  const ended = new Set<number>();
  try {
    const decode = (batch: Batch): WireRequest[] => {
      const decoded = decodeRequests(batch.requests);
      if (batch.parted === true && decoded.length > 0) parted.set(decoded[decoded.length - 1], batch.seq);
      return decoded;
    };
    const requests = batches.map(decode);
    let count = batches.reduce((sum, batch) => sum + batch.count, 0);
    // While the last batch is open, the caller is still handing over requests of the same burst:
    // insert them in this transaction as they come, then commit once (see WriterThread.commit).
    const more = (): WireRequest[] | undefined => {
      if (!batches[batches.length - 1].more || count >= options.maxBatchRequests) return undefined;
      const next = nextMessage(OPEN_BATCH_WAIT_MS);
      if (next === undefined) return undefined;
      if (next.type !== 'batch' || count + next.count > options.maxBatchRequests) {
        backlog.unshift(next); // handled after this commit, in order
        return undefined;
      }
      batches.push(next);
      count += next.count;
      const decoded = decode(next);
      requests.push(decoded);
      return decoded;
    };
    const rest = (request: WireRequest): (() => NextPart) | undefined => {
      const seq = parted.get(request);
      return seq === undefined ? undefined : partsOf(seq, ended);
    };
    const outcomes = writer.commitBatch(batches.length === 1 ? requests[0] : requests.flat(), more, rest);
    // One message answers every batch of the transaction: each message costs a wake-up of the
    // main thread, and these answers are all ready at once.
    let offset = 0;
    const answers = requests.map((sent, index): FromWriter => {
      const answer = encodeOutcomes(outcomes.slice(offset, offset + sent.length));
      offset += sent.length;
      return { type: 'batch', seq: batches[index].seq, outcomes: answer };
    });
    port?.postMessage(answers.length === 1 ? answers[0] : { type: 'answers', seq: 0, answers });
  } catch (error) {
    // A request given in parts whose end has not come: its remaining parts are dropped as they come.
    for (const seq of parted.values()) if (!ended.has(seq)) abandoned.add(seq);
    const wireError = toWireError(error);
    const answers = batches.map((batch): FromWriter => ({ type: 'batch-failed', seq: batch.seq, error: wireError }));
    port?.postMessage(answers.length === 1 ? answers[0] : { type: 'answers', seq: 0, answers });
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
    case 'part':
      // The late parts of a request that was failed before they came (it waited too long for them).
      if (!abandoned.has(message.partOf)) throw new Error(`sqlite writer: a part of batch ${message.partOf}, which is not being received`);
      if (message.requests === undefined) abandoned.delete(message.partOf); // its end or abort: nothing more comes
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
        backlog.unshift(more); // after this commit, in order (or, a part, read by the commit itself)
        break;
      }
      batches.push(more);
      count += more.count;
    }
    commit(batches);
    next ??= receive();
  }
});

/** The next message, waiting up to `timeoutMs` for one (the main thread bumps wakeSignal after each post). */
function nextMessage(timeoutMs: number): ToWriter | undefined {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Read the counter before looking: a message posted after this read bumps it, so the wait
    // below returns at once instead of missing it.
    const seen = Atomics.load(options.wakeSignal, 0);
    const message = receive();
    if (message !== undefined) return message;
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(options.wakeSignal, 0, seen, left) === 'timed-out') return undefined;
  }
}

function receive(): ToWriter | undefined {
  if (backlog.length > 0) return backlog.shift();
  return (port === null ? undefined : receiveMessageOnPort(port)?.message) as ToWriter | undefined;
}
