import { logStats } from '@skype-manager/audit';
import { EXIT, type CliIo } from '../cli-io';
import { startProgress } from '../progress';
import { describeEventStore, fileSizes, openEventStore, type Locations } from '../stores';

export interface StatsCommandOptions {
  json?: boolean;
  quiet?: boolean;
}

/** `stats`: events, streams, Managers, events per type, head position, file sizes. */
export async function statsCommand(io: CliIo, where: Locations, options: StatsCommandOptions): Promise<number> {
  const store = openEventStore(where, true);
  const progress = startProgress(io, 'stats', { quiet: options.quiet });
  try {
    const stats = await logStats(store, { onProgress: (p) => progress.update(p.position, p.headPosition, p.events) });
    progress.stop();
    const report = { log: describeEventStore(where), ...stats, fileSizes: where.eventstoreUrl === undefined ? fileSizes(where) : {} };
    if (options.json) {
      await io.out(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [
      `log:            ${report.log}`,
      `events:         ${stats.events.toLocaleString('en')} (head position ${stats.headPosition})`,
      `streams:        ${stats.streams.toLocaleString('en')}`,
      `managers:       ${stats.managers.toLocaleString('en')}`,
      `occurred:       ${stats.firstOccurredAt ?? '-'} … ${stats.lastOccurredAt ?? '-'}`,
      'events by type:',
      ...Object.entries(stats.byType).map(([type, count]) => `  ${type.padEnd(28)} ${count.toLocaleString('en')}`),
      'events by stream kind:',
      ...Object.entries(stats.byStreamKind).map(([kind, count]) => `  ${kind.padEnd(28)} ${count.toLocaleString('en')}`),
      'files:',
      ...Object.entries(report.fileSizes).map(([file, bytes]) => `  ${file.padEnd(28)} ${bytes.toLocaleString('en')} bytes`),
    ];
    await io.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    progress.stop();
    await store.close();
  }
}
