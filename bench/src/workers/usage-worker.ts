/**
 * Part 2 worker: usage ingestion in requests of `records` usage records, measured in a fresh process.
 * argv: <subject: product|raw|stored-rows> <requests> <records> <members> <inFlight> <maxSeconds> [rowsFile]
 *
 * - product: `CommandService.execute(RecordUsage)` on `createSqliteEventStore` (the path the HTTP
 *   handler takes, without HTTP): decide every record (member, destination, balance, cap, top-up),
 *   append the UsageCharged events durably (WAL, synchronous=FULL, hash chain), answer as the handler
 *   does (usageOutcome of the decision).
 * - raw: better-sqlite3 inserting the same records as rows of an events-like table, one transaction
 *   per request, WAL + synchronous=FULL.
 * - stored-rows: better-sqlite3 inserting, byte for byte, the rows a product run stored (its event ids,
 *   the charge's data, the metadata with the hash chain fields), `records` rows per transaction, same
 *   table and settings as raw. The product writes them to [rowsFile] when given one. This splits the gap
 *   to raw into what the stored rows cost (their size) and what the command path costs.
 * The Manager, its members and their credit are seeded first through the command path (not timed);
 * the request bodies are generated before the clock starts, for both. Each subject first runs
 * WARM_UP_REQUESTS untimed requests of its own (other usage ids), as part 1 warms up before its
 * slices: the figure is the steady rate of a running process, not its first compilations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CommandService } from '@skype-manager/application';
import { usageOutcome } from '@skype-manager/api';
import type { Command, Decision, UsageRecord } from '@skype-manager/domain';
import { createSqliteEventStore, type JsonObject } from '@skype-manager/event-store';
import { reportToParent } from '../lib/processes';
import { seededId } from '../lib/prng';
import { BENCH_NOW } from '../lib/sample-events';
import { scratchDir } from '../lib/scratch';
import { commandRequest, seedManager } from '../lib/seed-manager';
import { elapsedMs, percentile } from '../lib/stats';
import { topUpIds, usageBatch, WARM_UP_REQUESTS } from '../lib/usage-records';

export interface UsageMeasure {
  subject: string;
  requests: number;
  records: number;
  charged?: number;
  seconds: number;
  recordsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the whole process (all threads, user + system) per request: steadier than wall time on a shared machine. */
  cpuMsPerRequest: number;
  seedSeconds?: number;
  /** Average bytes of one stored row (id, stream, type, data, metadata, manager; the UTF-8 text). */
  rowBytes?: number;
}

const [subject, requestsArg, recordsArg, membersArg, inFlightArg, maxSecondsArg, rowsFile] = process.argv.slice(2);
const requests = Number(requestsArg);
const size = Number(recordsArg);
const members = Number(membersArg);
const inFlight = Number(inFlightArg);
const maxMs = Number(maxSecondsArg) * 1000;

/**
 * The records as a request body parses into (both subjects get these): the generator builds its ids
 * by concatenation, and V8 keeps such strings as ropes that each first use (a hash lookup, a JSON
 * render) must flatten; text parsed from JSON is flat.
 */
function asReceived(records: UsageRecord[]): UsageRecord[] {
  return JSON.parse(JSON.stringify(records)) as UsageRecord[];
}

interface Timed {
  done: number;
  charged: number;
  ms: number;
  cpuMs: number;
  latencies: number[];
}

async function timed(run: (batch: number) => Promise<number>): Promise<Timed> {
  let next = 0;
  let done = 0;
  let charged = 0;
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const caller = async (): Promise<void> => {
    while (next < requests && elapsedMs(start) < maxMs) {
      const batch = next++;
      const t0 = process.hrtime.bigint();
      charged += await run(batch);
      latencies.push(elapsedMs(t0));
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, caller));
  const cpu = process.cpuUsage(cpuStart);
  return { done, charged, ms: elapsedMs(start), cpuMs: (cpu.user + cpu.system) / 1000, latencies };
}

async function product(): Promise<UsageMeasure> {
  const scratch = scratchDir('usage-product');
  const store = createSqliteEventStore({ filename: scratch.file('events.db') });
  const service = new CommandService(store);
  const seedStart = process.hrtime.bigint();
  // 10^8 minor units each: far more than a run charges (≤ 151 a record), and 5,000 members still fit in
  // one purchase (the domain's MAX_AMOUNT_MINOR; full mode seeds 1,000).
  const seeded = await seedManager(service, { managerNumber: 1, members, departments: 10, now: BENCH_NOW, memberCreditMinor: 100_000_000 });
  const seedSeconds = elapsedMs(seedStart) / 1000;
  const commands = Array.from(
    { length: requests + WARM_UP_REQUESTS },
    (_, batch): Command => ({
      type: 'RecordUsage',
      data: { managerId: seeded.managerId, records: asReceived(usageBatch(batch, size, seeded.memberIds, BENCH_NOW)), topUpIds: topUpIds(batch, size) },
      metadata: { now: BENCH_NOW },
    }),
  );
  for (let batch = requests; batch < requests + WARM_UP_REQUESTS; batch++) {
    await service.execute(commandRequest(commands[batch], 1_000_000 + batch));
  }
  const seededHead = await store.headPosition();
  const result = await timed(async (batch) => {
    // As the HTTP handler does: the answer is built from the decision (usageOutcome), never from the
    // recorded events; the charged records are counted from the same decision.
    const records = (commands[batch].data as { records: UsageRecord[] }).records;
    let charged = 0;
    const answer = (decision: Decision): JsonObject => {
      charged = decision.ledger.filter((event) => event.type === 'UsageCharged').length;
      return usageOutcome(records, decision);
    };
    await service.execute({ ...commandRequest(commands[batch], 1_000_000 + batch), answer });
    return charged;
  });
  await service.close();
  await store.close();
  const rows = storedRows(scratch.file('events.db'), seeded.managerId, seededHead);
  if (rowsFile) writeFileSync(rowsFile, JSON.stringify(rows));
  scratch.remove();
  return { ...summary('product', result, seedSeconds), rowBytes: averageRowBytes(rows) };
}

type Row = [id: string, streamId: string, revision: number, type: string, data: string, metadata: string, managerId: string];

/** The ledger rows appended after the seed (the timed requests), in log order. */
function storedRows(file: string, managerId: string, after: number): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT id, stream_id, revision, type, data, metadata, manager_id FROM events WHERE position > ? AND stream_id = ? ORDER BY position')
      .raw()
      .all(after, `ledger-${managerId}`) as Row[];
  } finally {
    db.close();
  }
}

function averageRowBytes(rows: readonly Row[]): number {
  if (rows.length === 0) return 0;
  let bytes = 0;
  for (const row of rows) for (const value of row) if (typeof value === 'string') bytes += Buffer.byteLength(value);
  return bytes / rows.length;
}

/** The events table of raw, created the same way for raw and stored-rows. */
function rawTable(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    manager_id TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  return db;
}

async function storedRowsSubject(): Promise<UsageMeasure> {
  if (!rowsFile) throw new Error('stored-rows needs the file of rows a product run wrote');
  const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as Row[];
  const scratch = scratchDir('usage-stored-rows');
  const db = rawTable(scratch.file('raw.db'));
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const batches = Math.ceil(rows.length / size);
  const insertBatch = db.transaction((batch: number) => {
    for (const row of rows.slice(batch * size, (batch + 1) * size)) insert.run(...row);
  });
  // Warm-up: the first rows again, under other ids and in another stream (the same bytes, give or take).
  const insertWarmUp = db.transaction((batch: number) => {
    for (const [id, streamId, ...rest] of rows.slice(batch * size, (batch + 1) * size)) insert.run(`${id}-w`, `${streamId}-w`, ...rest);
  });
  for (let batch = 0; batch < Math.min(WARM_UP_REQUESTS, batches); batch++) insertWarmUp(batch);
  const result = await timed(async (batch) => {
    if (batch >= batches) return 0;
    insertBatch(batch);
    return Math.min(size, rows.length - batch * size);
  });
  db.close();
  scratch.remove();
  return { ...summary('stored-rows', result), rowBytes: averageRowBytes(rows) };
}

async function raw(): Promise<UsageMeasure> {
  const scratch = scratchDir('usage-raw');
  const db = rawTable(scratch.file('raw.db'));
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const managerId = seededId(0x3a, 1);
  const memberIds = Array.from({ length: members }, (_, m) => seededId(0x3e01, m));
  const batches = Array.from({ length: requests + WARM_UP_REQUESTS }, (_, batch) => asReceived(usageBatch(batch, size, memberIds, BENCH_NOW)));
  const metadata = JSON.stringify({ managerId, occurredAt: BENCH_NOW, actor: 'system', correlationId: managerId, causationId: managerId, schemaVersion: 1 });
  let revision = 0;
  const rows: Row[] = [];
  const insertBatch = db.transaction((batch: number) => {
    for (const record of batches[batch]) {
      const row: Row = [seededId(0xe5, revision), `ledger-${managerId}`, revision++, 'UsageCharged', JSON.stringify(record), metadata, managerId];
      insert.run(...row);
      if (batch === 0) rows.push(row);
    }
  });
  for (let batch = requests; batch < requests + WARM_UP_REQUESTS; batch++) insertBatch(batch);
  const result = await timed(async (batch) => {
    insertBatch(batch);
    return size;
  });
  db.close();
  scratch.remove();
  return { ...summary('raw', result), rowBytes: averageRowBytes(rows) };
}

function summary(name: string, result: Timed, seedSeconds?: number): UsageMeasure {
  return {
    subject: name,
    requests: result.done,
    records: result.done * size,
    charged: result.charged,
    seconds: result.ms / 1000,
    recordsPerSecond: ((result.done * size) / result.ms) * 1000,
    p50Ms: percentile(result.latencies, 50),
    p99Ms: percentile(result.latencies, 99),
    cpuMsPerRequest: result.cpuMs / Math.max(1, result.done),
    seedSeconds,
  };
}

reportToParent(async () => {
  if (subject === 'product') return product();
  if (subject === 'raw') return raw();
  if (subject === 'stored-rows') return storedRowsSubject();
  throw new Error(`unknown subject ${subject}`);
});
