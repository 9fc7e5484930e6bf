import { parentPort } from 'node:worker_threads';
import { createSqliteEventStore } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';
import { ChainCheck } from './chain-check';

/**
 * Worker thread entry: re-checks the hash chain of a SQLite log over its own connection, while the
 * main thread reads the same events to fold the ledger and check the streams.
 *
 * Why the worker reads for itself: handing it the main thread's pages costs the main thread a copy
 * (structured clone, or JSON text and its encoding) that measured as slow as the hashing it offloads.
 * Reading and parsing again here costs this thread, not the main one, so the two run side by side.
 */
export interface ChainWorkerTask {
  file: string;
  managerId?: string;
  headPosition: number;
  pageSize: number;
}

export type ChainWorkerAnswer = { kind: 'done'; eventsChecked: number; problems: AuditProblem[] } | { kind: 'failed'; message: string };

async function checkChain(task: ChainWorkerTask): Promise<ChainWorkerAnswer> {
  const store = createSqliteEventStore(task.file);
  try {
    const chain = new ChainCheck();
    const problems: AuditProblem[] = [];
    let eventsChecked = 0;
    let after = 0;
    while (after < task.headPosition) {
      const page = (await store.readAll({ after, limit: task.pageSize, managerId: task.managerId })).filter(
        (event) => event.position <= task.headPosition,
      );
      if (page.length === 0) break;
      problems.push(...chain.check(page));
      eventsChecked += page.length;
      after = page[page.length - 1].position;
    }
    return { kind: 'done', eventsChecked, problems };
  } finally {
    await store.close();
  }
}

if (parentPort !== null) {
  const port = parentPort;
  port.once('message', (task: ChainWorkerTask) => {
    checkChain(task).then(
      (answer) => port.postMessage(answer),
      (error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ChainWorkerAnswer),
    );
  });
}
