import { CliError, EXIT, type CliIo } from '../cli-io';
import { startProgress } from '../progress';
import type { ReadSide } from '../read-side';
import { openEventStore, openReadStore, type Locations } from '../stores';

export interface ReplayCommandOptions {
  quiet?: boolean;
}

/** `replay`: rebuilds every read model from the log with the projections package's rebuild. */
export async function replayCommand(io: CliIo, where: Locations, readSide: ReadSide, options: ReplayCommandOptions): Promise<number> {
  const rebuild = readSide.rebuild;
  if (rebuild === undefined) {
    throw new CliError('replay is not available: no read-model rebuild is configured');
  }
  const store = openEventStore(where, true);
  const live = await openReadStore(where);
  const progress = startProgress(io, 'replay', { quiet: options.quiet });
  try {
    const started = Date.now();
    await rebuild(store, live, (position, head) => progress.update(position, head, position));
    progress.stop();
    await io.out(`read models rebuilt from ${(await store.headPosition()).toLocaleString('en')} log positions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return EXIT.ok;
  } finally {
    progress.stop();
    await live.close();
    await store.close();
  }
}
