#!/usr/bin/env node
// Part 3 of the benchmarks on its own, with more rounds: the bench's own appends worker
// (bench/src/workers/appends-worker.ts: SqliteEventStore.append, 1 event per append, 10,000 streams,
// 64 concurrent callers, against raw better-sqlite3 with 100 appends per transaction, same rows, WAL +
// synchronous=FULL), raw and product alternating, each in a fresh process. Prints every measurement
// with its CPU per append, and the ratio of the medians.
//
//   node libs/event-store/bench/appends-ratio.js [--rounds=3] [--appends=50000] [--seconds=10] [--writer=thread|inline] [--build=no]
//
// Builds the product and the bench first (npm run build, tsc -p bench/tsconfig.json).
'use strict';
const { execFileSync, fork } = require('node:child_process');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../../..');
const worker = join(root, 'dist/bench/bench/src/workers/appends-worker.js');
const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 3);
};
const STREAMS = 10_000;
const IN_FLIGHT = 64;

function measure(subject, total, seconds, writer) {
  return new Promise((resolveResult, reject) => {
    const env = { ...process.env, ...(writer === 'inline' ? { BENCH_SQLITE_WRITER: 'inline' } : {}) };
    const child = fork(worker, [subject, total, STREAMS, subject === 'raw' ? 1 : IN_FLIGHT, seconds], { cwd: root, env });
    child.on('message', (message) => {
      if (message.type === 'result') resolveResult(message.value);
      else reject(new Error(message.message));
    });
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`${subject} worker exited ${code}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const rounds = Number(arg('rounds', 3));
  const total = Number(arg('appends', 50_000));
  const seconds = Number(arg('seconds', 10));
  const writer = arg('writer', 'thread');
  if (arg('build', 'yes') !== 'no') {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'bench/tsconfig.json')], { stdio: 'inherit' });
  }
  const raws = [];
  const products = [];
  for (let round = 0; round < rounds; round++) {
    const r = await measure('raw', total, seconds);
    const p = await measure('product', total, seconds, writer);
    raws.push(r.perSecond);
    products.push(p.perSecond);
    console.log(
      `round ${round + 1}: raw ${r.perSecond.toFixed(0)}/s (${r.cpuUsPerAppend.toFixed(1)} µs CPU each), product(${writer}) ${p.perSecond.toFixed(0)}/s ` +
        `(${p.cpuUsPerAppend.toFixed(1)} µs CPU each; ${p.appends} appends, ${p.failures} failed${p.firstError ? `: ${p.firstError}` : ''}), ratio ${(p.perSecond / r.perSecond).toFixed(2)}`,
    );
  }
  console.log(`median: raw ${median(raws).toFixed(0)}/s, product ${median(products).toFixed(0)}/s, ratio ${(median(products) / median(raws)).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
