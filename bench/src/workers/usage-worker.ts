/**
 * Part 2 worker: usage ingestion in requests of `records` usage records, measured in a fresh process.
 * argv: <subject: product|raw> <requests> <records> <members> <inFlight> <maxSeconds>
 *
 * - product: `CommandService.execute(RecordUsage)` on `createSqliteEventStore` (the path the HTTP
 *   handler takes, without HTTP): decide every record (member, destination, balance, cap, top-up),
 *   append the UsageCharged events durably (WAL, synchronous=FULL, hash chain), answer as the handler
 *   does (usageOutcome of the decision).
 * - raw: better-sqlite3 inserting the same records as rows of an events-like table, one transaction
 *   per request, WAL + synchronous=FULL.
 * The Manager, its members and their credit are seeded first through the command path (not timed);
 * the request bodies are generated before the clock starts, for both.
 */
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
import { topUpIds, usageBatch } from '../lib/usage-records';

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
}

const [subject, requestsArg, recordsArg, membersArg, inFlightArg, maxSecondsArg] = process.argv.slice(2);
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
  const seeded = await seedManager(service, { managerNumber: 1, members, departments: 10, now: BENCH_NOW, memberCreditMinor: 1_000_000_000 });
  const seedSeconds = elapsedMs(seedStart) / 1000;
  const commands = Array.from(
    { length: requests },
    (_, batch): Command => ({
      type: 'RecordUsage',
      data: { managerId: seeded.managerId, records: asReceived(usageBatch(batch, size, seeded.memberIds, BENCH_NOW)), topUpIds: topUpIds(batch, size) },
      metadata: { now: BENCH_NOW },
    }),
  );
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
  scratch.remove();
  return summary('product', result, seedSeconds);
}

async function raw(): Promise<UsageMeasure> {
  const scratch = scratchDir('usage-raw');
  const db = new Database(scratch.file('raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    manager_id TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const managerId = seededId(0x3a, 1);
  const memberIds = Array.from({ length: members }, (_, m) => seededId(0x3e01, m));
  const batches = Array.from({ length: requests }, (_, batch) => asReceived(usageBatch(batch, size, memberIds, BENCH_NOW)));
  const metadata = JSON.stringify({ managerId, occurredAt: BENCH_NOW, actor: 'system', correlationId: managerId, causationId: managerId, schemaVersion: 1 });
  let revision = 0;
  const insertBatch = db.transaction((batch: number) => {
    for (const record of batches[batch]) {
      insert.run(seededId(0xe5, revision), `ledger-${managerId}`, revision++, 'UsageCharged', JSON.stringify(record), metadata, managerId);
    }
  });
  const result = await timed(async (batch) => {
    insertBatch(batch);
    return size;
  });
  db.close();
  scratch.remove();
  return summary('raw', result);
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
  throw new Error(`unknown subject ${subject}`);
});
