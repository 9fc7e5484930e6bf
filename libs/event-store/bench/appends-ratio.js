#!/usr/bin/env node
// Part 3 of the benchmarks, standalone: SqliteEventStore.append (1 event per append, 10,000 streams,
// 64 concurrent callers, WAL + synchronous=FULL) against raw better-sqlite3 doing 100 appends per
// transaction (read last revision + insert), same rows, same durability. Raw and product alternate,
// each measurement in a fresh process; prints every measurement and the ratio of the medians.
//
//   node libs/event-store/bench/appends-ratio.js [--rounds=3] [--appends=50000] [--seconds=10] [--writer=thread|inline]
//
// Compiles libs/event-store/src to dist/event-store-bench first (tsc, ~10 s).
'use strict';
const { execFileSync, fork } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../../..');
const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 3);
};
const STREAMS = 10_000;
const MANAGERS = 100;
const IN_FLIGHT = 64;
const NOW = '2026-11-15T10:00:00.000Z';

function seededId(prefix, n) {
  const hex = (prefix >>> 0).toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const streamId = (s) => `ledger-${seededId(0x5e, s)}`;
const managerOf = (s) => seededId(0x3a, s % MANAGERS);
const memberOf = (n) => seededId(0x3e, n % 5000);
function allocationEvent(n, managerId, memberId) {
  const correlationId = seededId(0xc0, n);
  return {
    id: seededId(0xe1, n),
    type: 'CreditAllocated',
    data: { allocationId: seededId(0xa1, n), from: { type: 'company' }, to: { type: 'member', memberId }, amountMinor: 100 + (n % 900), reason: 'manual' },
    metadata: { managerId, occurredAt: NOW, actor: `administrator:${seededId(0xad, 1)}`, correlationId, causationId: correlationId, schemaVersion: 1 },
  };
}
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU time of the whole process (every thread) since `start`, in µs: less sensitive to a busy machine than rates. */
const cpuUs = (start) => {
  const used = process.cpuUsage(start);
  if (process.env.CPU_SPLIT) console.error(`user ${(used.user / 1000).toFixed(0)} ms, system ${(used.system / 1000).toFixed(0)} ms`);
  return used.user + used.system;
};

async function product(total, maxMs, writer) {
  const { createSqliteEventStore } = require(process.env.APPENDS_DIST ?? join(root, 'dist/event-store-bench/index.js'));
  const dir = mkdtempSync(join(tmpdir(), 'es-bench-'));
  const store = createSqliteEventStore({ filename: join(dir, 'events.db'), writer });
  const revisions = new Map();
  const cpuStart = process.cpuUsage();
  let next = 0;
  let failures = 0;
  let firstError;
  const start = process.hrtime.bigint();
  const caller = async (index) => {
    let turn = 0;
    while (next < total && elapsedMs(start) < maxMs) {
      const n = next++;
      const s = (index + IN_FLIGHT * turn++) % STREAMS;
      const current = revisions.get(s);
      try {
        const result = await store.append(streamId(s), current === undefined ? 'no-stream' : current, [allocationEvent(n, managerOf(s), memberOf(n))]);
        revisions.set(s, result.streams[0].nextExpectedRevision);
      } catch (error) {
        failures++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => caller(i)));
  const ms = elapsedMs(start);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const done = Math.min(next, total) - failures;
  return { subject: `product(${writer ?? 'default'})`, appends: done, failures, perSecond: (done / ms) * 1000, cpuUs: cpuUs(cpuStart) / done, firstError };
}

function raw(total, maxMs) {
  const Database = require(join(root, 'node_modules/better-sqlite3'));
  const dir = mkdtempSync(join(tmpdir(), 'es-bench-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    manager_id TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const lastRevision = db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const appendMany = db.transaction((from, to) => {
    for (let n = from; n < to; n++) {
      const s = n % STREAMS;
      const id = streamId(s);
      const event = allocationEvent(n, managerOf(s), memberOf(n));
      const revision = (lastRevision.get(id)?.r ?? -1) + 1;
      insert.run(event.id, id, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.metadata.managerId);
    }
  });
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let done = 0;
  while (done < total && elapsedMs(start) < maxMs) {
    const to = Math.min(total, done + 100);
    appendMany(done, to);
    done = to;
  }
  const ms = elapsedMs(start);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { subject: 'raw', appends: done, failures: 0, perSecond: (done / ms) * 1000, cpuUs: cpuUs(cpuStart) / done };
}

function child(args) {
  return new Promise((resolveResult, reject) => {
    const proc = fork(__filename, ['--child', ...args], { stdio: 'inherit' });
    proc.on('message', resolveResult);
    proc.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`child exited ${code}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (process.argv[2] === '--child') {
    const [, , , subject, total, maxMs, writer] = process.argv;
    const result = subject === 'raw' ? raw(Number(total), Number(maxMs)) : await product(Number(total), Number(maxMs), writer || undefined);
    process.send(result, () => process.exit(0));
    return;
  }
  const rounds = Number(arg('rounds', 3));
  const total = Number(arg('appends', 50_000));
  const maxMs = Number(arg('seconds', 10)) * 1000;
  const writer = arg('writer', '');
  if (arg('build', 'yes') !== 'no') {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json')], { stdio: 'inherit' });
  }
  const raws = [];
  const products = [];
  for (let round = 0; round < rounds; round++) {
    const r = await child(['raw', total, maxMs]);
    const p = await child(['product', total, maxMs, writer]);
    raws.push(r.perSecond);
    products.push(p.perSecond);
    console.log(
      `round ${round + 1}: raw ${r.perSecond.toFixed(0)}/s (${r.cpuUs.toFixed(1)} µs CPU each), ${p.subject} ${p.perSecond.toFixed(0)}/s ` +
        `(${p.cpuUs.toFixed(1)} µs CPU each; ${p.appends} appends, ${p.failures} failed${p.firstError ? `: ${p.firstError}` : ''}), ratio ${(p.perSecond / r.perSecond).toFixed(2)}`,
    );
  }
  console.log(`median: raw ${median(raws).toFixed(0)}/s, product ${median(products).toFixed(0)}/s, ratio ${(median(products) / median(raws)).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
