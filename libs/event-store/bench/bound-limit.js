#!/usr/bin/env node
// The log's read statements with a LIMIT bound as a bare parameter (`LIMIT ?`, as before) and as
// `LIMIT CAST(? AS INTEGER)` (as now), on the same connection of one log file, in the same run. With a
// bare `LIMIT ?`, SQLite compiles the statement again every time the parameter is bound.
//
//   node libs/event-store/bench/bound-limit.js
//
// Needs the product built (npm run build): it opens the log with the product's schema.
'use strict';
const { mkdtempSync, rmSync, mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const Database = require('better-sqlite3');

const root = resolve(__dirname, '../../..');
const { prepareDatabase } = require(join(root, 'dist/libs/event-store/src/sqlite/sqlite-schema'));
mkdirSync(join(root, 'bench/.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, 'bench/.tmp/bound-limit-'));
const db = new Database(join(dir, 'events.db'));
prepareDatabase(db, 1000);
const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < 50_000; i++) {
    insert.run(`id-${i}`, `ledger-${i % 100}`, Math.floor(i / 100), 'UsageCharged', JSON.stringify({ note: 'x'.repeat(280) }), JSON.stringify({ note: 'y'.repeat(440) }), `m-${i % 100}`);
  }
})();

const columns = 'position, id, stream_id, revision, type, data, metadata';
const forms = { 'LIMIT ?': 'LIMIT ?', 'LIMIT CAST(? AS INTEGER)': 'LIMIT CAST(? AS INTEGER)' };
const cases = [
  ['a stream tail with nothing new (0 rows)', 5000, (limit) => db.prepare(`SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ${limit}`).raw(), (i) => [`ledger-${i % 100}`, 500, -1]],
  ['a log page of 64 events', 5000, (limit) => db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position ${limit}`).raw(), (i) => [(i * 64) % 49_000, 64]],
  ['a log page of 500 events', 500, (limit) => db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position ${limit}`).raw(), (i) => [(i * 500) % 49_000, 500]],
];
for (const [name, calls, prepare, args] of cases) {
  const results = [];
  for (const [label, limit] of Object.entries(forms)) {
    const statement = prepare(limit);
    for (let i = 0; i < 100; i++) statement.all(...args(i)); // warm-up
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) statement.all(...args(i));
    results.push(`${label}: ${(Number(process.hrtime.bigint() - start) / calls / 1000).toFixed(1)} µs`);
  }
  console.log(`${name.padEnd(42)} ${results.join('   ')}`);
}
db.close();
rmSync(dir, { recursive: true, force: true });
