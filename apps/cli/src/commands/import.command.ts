import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportFileLines, importLog, ImportRefusedError } from '@skype-manager/audit';
import { CliError, EXIT, type CliIo } from '../cli-io';
import { startProgress, type Progress } from '../progress';
import { describeEventStore, openEventStore, type Locations } from '../stores';

export interface ImportCommandOptions {
  in: string;
  quiet?: boolean;
}

/**
 * `import --in file`: restores an export into an EMPTY store (see importLog): checks the whole file
 * first, appends, then verifies the new log. Positions may differ from the exported ones.
 */
export async function importCommand(io: CliIo, where: Locations, options: ImportCommandOptions): Promise<number> {
  const file = resolve(io.cwd, options.in);
  if (!existsSync(file)) throw new CliError(`no export file at ${file}`);
  const store = openEventStore(where, false);
  const bars = new Map<string, Progress>();
  try {
    const report = await importLog(store, exportFileLines(file), {
      onProgress: (p) => {
        let bar = bars.get(p.phase);
        if (bar === undefined) {
          for (const previous of bars.values()) previous.stop();
          bars.set(p.phase, (bar = startProgress(io, p.phase, { quiet: options.quiet })));
        }
        bar.update(p.done, p.total, p.events);
      },
    });
    for (const bar of bars.values()) bar.stop();
    await io.out(
      `imported ${count(report.events, 'event')} (${count(report.streams, 'stream')}, ${count(report.managers, 'Manager')}) into ${describeEventStore(where)}; ` +
        `hash chain re-verified${report.positionsPreserved ? ', positions preserved' : '; positions renumbered (ids, revisions and hashes are unchanged)'}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ImportRefusedError) throw new CliError(`import refused: ${error.message}`, EXIT.problems);
    throw error;
  } finally {
    for (const bar of bars.values()) bar.stop();
    await store.close();
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
