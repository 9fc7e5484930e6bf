import type { MemberState } from '@skype-manager/domain';
import type { EventStore } from '@skype-manager/event-store';
import type { CommandOutcome, CommandRequest } from './command-request';
import { DEFAULT_WRITER_OPTIONS, ManagerWriter, type ManagerView, type WriterOptions } from './manager-writer';
import { loadStream, MEMBER_KIND } from './stream-state';

export interface CommandServiceOptions extends WriterOptions {
  /** Writers (with their cached state) kept for this many Managers; idle ones beyond it are dropped. */
  maxWriters: number;
}

/**
 * Entry point for every caller that changes state (HTTP API, CLI, tests): a command is routed to the
 * single writer of its Manager, which does load → decide → append with expected revisions.
 */
export class CommandService {
  private readonly writers = new Map<string, ManagerWriter>();
  private readonly options: CommandServiceOptions;
  private closing = false;

  constructor(
    readonly store: EventStore,
    options: Partial<CommandServiceOptions> = {},
  ) {
    this.options = { ...DEFAULT_WRITER_OPTIONS, maxWriters: 1000, ...options };
  }

  execute(request: CommandRequest): Promise<CommandOutcome> {
    if (this.closing) return Promise.reject(new Error('the command service is shutting down'));
    return this.writer(request.command.data.managerId).submit(request);
  }

  /** Reads a Manager's current state (manager and ledger streams) after the commands already queued. */
  read<T>(managerId: string, fn: (view: ManagerView) => T): Promise<T> {
    return this.writer(managerId).read(fn);
  }

  /** A member's stream state, read from the store (used for invitation tokens and member keys). */
  async readMember(memberId: string): Promise<MemberState> {
    return (await loadStream(this.store, MEMBER_KIND, `member-${memberId}`)).state;
  }

  /** Waits for every queued command to be decided and stored. */
  async drain(): Promise<void> {
    while ([...this.writers.values()].some((w) => !w.idle)) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.drain();
  }

  private writer(managerId: string): ManagerWriter {
    let writer = this.writers.get(managerId);
    if (writer) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.writers.delete(managerId);
      this.writers.set(managerId, writer);
      return writer;
    }
    writer = new ManagerWriter(this.store, managerId, this.options);
    this.writers.set(managerId, writer);
    this.evictIdle();
    return writer;
  }

  private evictIdle(): void {
    if (this.writers.size <= this.options.maxWriters) return;
    for (const [id, writer] of this.writers) {
      if (this.writers.size <= this.options.maxWriters) return;
      if (writer.idle) this.writers.delete(id);
    }
  }
}
