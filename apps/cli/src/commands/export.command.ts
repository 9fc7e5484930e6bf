import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { exportLog } from '@skype-manager/audit';
import { CliError, EXIT, type CliIo } from '../cli-io';
import { startProgress } from '../progress';
import { openEventStore, type Locations } from '../stores';

export interface ExportCommandOptions {
  out?: string;
  manager?: string;
  quiet?: boolean;
}

/** `export [--out file]`: the whole log as NDJSON, to the file or to stdout, read in pages. */
export async function exportCommand(io: CliIo, where: Locations, options: ExportCommandOptions): Promise<number> {
  const store = openEventStore(where, true);
  const file = options.out === undefined ? undefined : createWriteStream(resolve(io.cwd, options.out), { flags: 'wx' });
  const write = file === undefined ? io.out : writerTo(file);
  const progress = startProgress(io, 'export', { quiet: options.quiet });
  try {
    if (file !== undefined) await opened(file, options.out!);
    const trailer = await exportLog(store, write, {
      managerId: options.manager,
      onProgress: (p) => progress.update(p.position, p.headPosition, p.events),
    });
    progress.stop();
    if (file !== undefined) {
      file.end();
      await once(file, 'finish');
      io.err(`exported ${trailer.events.toLocaleString('en')} events (up to position ${trailer.lastPosition}) to ${options.out}\n`);
    }
    return EXIT.ok;
  } finally {
    progress.stop();
    if (file !== undefined && !file.closed) file.destroy();
    await store.close();
  }
}

async function opened(file: WriteStream, name: string): Promise<void> {
  try {
    await once(file, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'EEXIST' ? `${name} already exists: an export never overwrites a file` : `cannot write ${name}: ${(error as Error).message}`);
  }
}

function writerTo(file: WriteStream): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!file.write(chunk)) await once(file, 'drain');
  };
}
