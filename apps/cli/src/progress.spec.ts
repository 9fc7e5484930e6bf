import { PassThrough } from 'node:stream';
import type { CliIo } from './cli-io';
import { startProgress } from './progress';

function ioWith(terminal?: NodeJS.WriteStream): { io: CliIo; lines: string[] } {
  const lines: string[] = [];
  return { io: { out: async () => undefined, err: (text) => void lines.push(text), env: {}, cwd: '/', terminal }, lines };
}

describe('progress on stderr', () => {
  it('should print a plain line every five seconds with rate and ETA when stderr is not a terminal', () => {
    let clockMs = 0;
    const { io, lines } = ioWith();
    const progress = startProgress(io, 'verify', { now: () => clockMs });
    clockMs = 1000;
    progress.update(100, 1000, 100);
    expect(lines).toEqual([]);
    clockMs = 5000;
    progress.update(250, 1000, 250);
    expect(lines).toEqual(['verify: 250 events, 25%, 50 events/s, ETA 15 s\n']);
    clockMs = 6000;
    progress.update(1000, 1000, 1000);
    progress.stop();
    clockMs = 7000;
    progress.stop();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('verify: 1,000 events, 100%, 167 events/s, ETA 0 s\n');
  });

  it('should draw a bar with rate and ETA on a terminal', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 160 }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const { io, lines } = ioWith(stream);
    const progress = startProgress(io, 'export', { now: () => 2000 });
    progress.update(500, 1000, 500);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drawn).toMatch(/export \[[=-]+\] 50% \| 500 events \| .* events\/s \| ETA /);
    expect(lines).toEqual([]);
  });

  it('should stay silent with --quiet', () => {
    const { io, lines } = ioWith();
    const progress = startProgress(io, 'stats', { quiet: true, now: () => 10_000 });
    progress.update(1, 2, 1);
    progress.stop();
    expect(lines).toEqual([]);
  });
});
