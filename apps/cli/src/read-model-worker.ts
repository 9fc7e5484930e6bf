import { parentPort } from 'node:worker_threads';
import type { ReadModelDifference } from '@skype-manager/audit';
import { READ_SIDE } from './read-side';
import { openEventStore, openReadStore, type Locations } from './stores';

/**
 * Worker thread entry: replays the log into fresh in-memory read models and compares them with the
 * live ones, over connections of its own, while the main thread checks the chain and the ledger.
 * The replay is the costliest part of a verification and needs nothing from the main thread, so the
 * two run side by side (the log is read twice, which costs less than the replay).
 */
export interface ReadModelTask {
  where: Locations;
  managerId: string;
  headPosition: number;
  pageSize: number;
}

export type ReadModelAnswer =
  | { kind: 'done'; lastPosition: number; differences: ReadModelDifference[] }
  | { kind: 'failed'; message: string };

async function replayAndCompare(task: ReadModelTask): Promise<ReadModelAnswer> {
  const store = openEventStore(task.where, true);
  const live = await openReadStore(task.where);
  try {
    const replay = await READ_SIDE.replayFactory!(live)(task.managerId, { headPosition: task.headPosition });
    const managerId = task.managerId === '' ? undefined : task.managerId;
    let after = 0;
    try {
      while (after < task.headPosition) {
        const page = (await store.readAll({ after, limit: task.pageSize, managerId })).filter((event) => event.position <= task.headPosition);
        if (page.length === 0) break;
        await replay.apply(page);
        after = page[page.length - 1].position;
      }
      return { kind: 'done', lastPosition: after, differences: await replay.compare(after) };
    } finally {
      await replay.close();
    }
  } finally {
    await live.close();
    await store.close();
  }
}

if (parentPort !== null) {
  const port = parentPort;
  port.once('message', (task: ReadModelTask) => {
    replayAndCompare(task).then(
      (answer) => port.postMessage(answer),
      (error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ReadModelAnswer),
    );
  });
}
