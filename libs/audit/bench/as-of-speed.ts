import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { balancesAsOf } from '@skype-manager/audit';

/**
 * Measures balances-as-of on a large ledger (not a test): the first answer builds the audit
 * checkpoints, later ones fold at most one interval.
 *   node -r ./libs/audit/bench/register-ts.js libs/audit/bench/as-of-speed.ts <events.sqlite> <managerId>
 * Works on a copy of the file (checkpoints are written).
 */
async function main(): Promise<void> {
  const copy = join(mkdtempSync(join(tmpdir(), 'as-of-')), 'events.sqlite');
  copyFileSync(process.argv[2], copy);
  const store = createSqliteEventStore(copy);
  const managerId = process.argv[3] ?? 'bench';
  const [first] = await store.readStream(`ledger-${managerId}`, { maxCount: 1 });
  const revision = (await store.streamRevision(`ledger-${managerId}`)) ?? 0;
  const [last] = await store.readStream(`ledger-${managerId}`, { fromRevision: revision, maxCount: 1 });
  const startMs = Date.parse(first.metadata.occurredAt);
  const spanMs = Date.parse(last.metadata.occurredAt) - startMs;
  const time = async (label: string, instant: string) => {
    const started = process.hrtime.bigint();
    const answer = await balancesAsOf(store, managerId, instant);
    console.log(`${label}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms (revision ${answer?.revision})`);
  };
  await time('first answer, at the end (builds the checkpoints)', last.metadata.occurredAt);
  for (const share of [0.1, 0.5, 0.9, 0.33, 1]) {
    await time(`at ${share * 100}% of the history`, new Date(startMs + Math.round(spanMs * share)).toISOString());
  }
  await store.close();
}

void main();
