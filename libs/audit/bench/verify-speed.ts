import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { verifyManager } from '@skype-manager/audit';
import { writeSyntheticLedger } from '../src/test-support/synthetic-log';

/**
 * Measures verification speed on a large synthetic ledger (not a test):
 *   node -r ./libs/audit/bench/register-ts.js libs/audit/bench/verify-speed.ts 1000000
 * The log is written once to /tmp/audit-bench-{events}.sqlite and reused.
 */
async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 100_000);
  const file = process.env.BENCH_FILE ?? `/tmp/audit-bench-${events}-v2.sqlite`;
  const fresh = !existsSync(file);
  const store = createSqliteEventStore(file);
  if (fresh) {
    const started = Date.now();
    // One ledger event every 30 s: a million span about a year, as a busy Manager's ledger would.
    await writeSyntheticLedger(store, { managerId: 'bench', members: 200, departments: 5, movements: events - 406, stepMs: 30_000 });
    console.log(`wrote ${events} events in ${Date.now() - started} ms`);
  }
  // From sources the worker needs the same TypeScript loader as this process.
  const parallel =
    process.env.PARALLEL === '0'
      ? undefined
      : { sqliteFile: file, workerFile: join(__dirname, '../src/verify/chain-worker.ts'), execArgv: ['-r', join(__dirname, 'register-ts.js')] };
  for (let run = 0; run < Number(process.argv[3] ?? 2); run++) {
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const report = await verifyManager(store, 'bench', { parallel, pageSize: process.env.PAGE === undefined ? undefined : Number(process.env.PAGE) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `verified ${report.eventsChecked} events in ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms): ` +
        `${Math.round(report.eventsChecked / (ms / 1000))} events/s, ok=${report.ok}, problems=${report.problemCount}`,
    );
  }
  await store.close();
}

void main();
