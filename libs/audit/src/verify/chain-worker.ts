import { parentPort } from 'node:worker_threads';
import type { RecordedEvent } from '@skype-manager/event-store';
import { ChainCheck } from './chain-check';

/**
 * Worker thread entry: re-checks the hash chain of the pages the main thread sends, in order, while
 * the main thread reads the next page and folds the ledger. Pages arrive as JSON text: copying a
 * string between threads and parsing it costs less than structured-cloning the event objects.
 */
export type ChainWorkerRequest = { kind: 'page'; seq: number; json: string } | { kind: 'end' };
export type ChainWorkerAnswer = { kind: 'checked'; seq: number; problems: ReturnType<ChainCheck['check']> };

if (parentPort !== null) {
  const port = parentPort;
  const chain = new ChainCheck();
  port.on('message', (request: ChainWorkerRequest) => {
    if (request.kind === 'end') {
      port.close();
      return;
    }
    const problems = chain.check(JSON.parse(request.json) as RecordedEvent[]);
    port.postMessage({ kind: 'checked', seq: request.seq, problems } satisfies ChainWorkerAnswer);
  });
}
