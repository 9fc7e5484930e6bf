import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReadModelReplay, ReadModelReplayFactory } from '@skype-manager/audit';
import type { ReadModelAnswer, ReadModelTask } from './read-model-worker';
import type { Locations } from './stores';

/** The compiled worker; absent when running from TypeScript sources (tests), where nothing runs in a worker. */
export const READ_MODEL_WORKER = join(__dirname, 'read-model-worker.js');

export function canReplayInWorker(): boolean {
  return existsSync(READ_MODEL_WORKER);
}

/**
 * A `ReadModelReplay` whose work happens in a worker thread (read-model-worker.ts): `apply` ignores
 * the main thread's pages (the worker reads the log itself, up to the same head), and `compare`
 * waits for the worker's answer.
 */
export function workerReadModelReplay(where: Locations, pageSize: number): ReadModelReplayFactory {
  return async (managerId, { headPosition }): Promise<ReadModelReplay> => {
    const worker = new Worker(READ_MODEL_WORKER);
    const answer = new Promise<ReadModelAnswer>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve({ kind: 'failed', message: error.message }));
      worker.once('exit', (code) => resolve({ kind: 'failed', message: `the read-model worker exited (code ${code}) before answering` }));
    });
    worker.postMessage({ where, managerId, headPosition, pageSize } satisfies ReadModelTask);
    return {
      apply: async () => undefined,
      async compare(position) {
        const result = await answer;
        if (result.kind === 'failed') throw new Error(`read-model replay failed: ${result.message}`);
        if (result.lastPosition !== position) {
          return [{ detail: `the read-model replay stopped at position ${result.lastPosition}, the verification at ${position}: was the log rewritten meanwhile?` }];
        }
        return result.differences;
      },
      close: async () => void (await worker.terminate()),
    };
  };
}
