import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io';

/**
 * Progress of a long run on stderr: a bar with rate and ETA on a terminal, else (a log file, CI) a
 * plain line every few seconds, so a pipe is never filled with redraws.
 */
export interface Progress {
  /** `done` of `total` units (positions in the log); `events` so far, for the rate. */
  update(done: number, total: number, events: number): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 5000;

export function startProgress(io: CliIo, label: string, options: { quiet?: boolean; now?: () => number } = {}): Progress {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  const now = options.now ?? Date.now;
  return io.terminal === undefined ? new PlainProgress(io, label, now) : new BarProgress(io.terminal, label, now);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private started = false;
  private readonly startedAt: number;

  constructor(stream: NodeJS.WriteStream, label: string, private readonly now: () => number) {
    this.startedAt = now();
    this.bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    });
  }

  update(done: number, total: number, events: number): void {
    const payload = { events: events.toLocaleString('en'), rate: rate(events, this.now() - this.startedAt) };
    if (!this.started) {
      this.bar.start(Math.max(total, 1), done, payload);
      this.started = true;
    } else {
      this.bar.setTotal(Math.max(total, 1));
      this.bar.update(done, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

class PlainProgress implements Progress {
  private readonly startedAt: number;
  private lastLineAt: number;
  private last: { done: number; total: number; events: number } | undefined;
  private stopped = false;

  constructor(private readonly io: CliIo, private readonly label: string, private readonly now: () => number) {
    this.startedAt = now();
    this.lastLineAt = this.startedAt;
  }

  update(done: number, total: number, events: number): void {
    this.last = { done, total, events };
    if (this.now() - this.lastLineAt >= PLAIN_EVERY_MS) this.print();
  }

  /** Prints the final state once (commands also stop in `finally`, after a normal stop). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.last !== undefined && this.lastLineAt !== this.now()) this.print();
  }

  private print(): void {
    const { done, total, events } = this.last!;
    const elapsedMs = this.now() - this.startedAt;
    const share = total > 0 ? done / total : 1;
    const etaS = share > 0 ? Math.round((elapsedMs * (1 - share)) / share / 1000) : undefined;
    this.io.err(
      `${this.label}: ${events.toLocaleString('en')} events, ${Math.floor(share * 100)}%, ${rate(events, elapsedMs)} events/s` +
        `${etaS === undefined ? '' : `, ETA ${etaS} s`}\n`,
    );
    this.lastLineAt = this.now();
  }
}

function rate(events: number, elapsedMs: number): string {
  return elapsedMs <= 0 ? '-' : Math.round((events * 1000) / elapsedMs).toLocaleString('en');
}
