import { Inject, Injectable } from '@nestjs/common';
import { CommandService, hashKey, idempotencyStreamId, type IdempotencyRequest } from '@skype-manager/application';
import type { Command, Decision } from '@skype-manager/domain';
import type { EventStore, JsonObject } from '@skype-manager/event-store';
import { actorOf } from '../auth/principal';
import type { Clock } from './clock';
import type { RequestContext } from './request-context';
import { CLOCK, EVENT_STORE } from './tokens';

/** A domain command without its metadata: the runner stamps `now` from the clock. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'metadata'> : never) : never;

export type CommandAnswer = JsonObject & { position: number };

/**
 * The one way the HTTP layer runs a command: stamps it with the time, the actor, the correlation id and
 * the idempotency key, and hands it to the CommandService (load → decide → append).
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly commands: CommandService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  now(): string {
    return this.clock.now();
  }

  /** The idempotency request of this HTTP request in `scope` (a Manager id unless said otherwise). */
  idempotency(ctx: RequestContext, scope: string): IdempotencyRequest | undefined {
    return ctx.idempotency ? { scope, ...ctx.idempotency } : undefined;
  }

  async run(
    ctx: RequestContext,
    input: CommandInput,
    answer: (decision: Decision) => JsonObject,
    scope: string = input.data.managerId,
  ): Promise<CommandAnswer> {
    const command = { ...input, metadata: { now: this.clock.now() } } as Command;
    const idempotency = this.idempotency(ctx, scope);
    const outcome = await this.commands.execute({
      command,
      actor: actorOf(ctx.principal),
      correlationId: ctx.requestId,
      idempotency,
      answer,
    });
    if (!outcome.replayed) return outcome.body;
    ctx.markReplayed();
    if (typeof outcome.body.position === 'number') return outcome.body;
    return { ...outcome.body, position: await this.firstAnswerPosition(idempotency!) };
  }

  /**
   * The stored answer of an idempotent command lacks `position` (it is known only once stored); the
   * first answer's position is the position of that record, the last event of the command's append.
   */
  private async firstAnswerPosition(idempotency: IdempotencyRequest): Promise<number> {
    const streamId = idempotencyStreamId(idempotency.scope, hashKey(idempotency.key));
    const [record] = await this.store.readStream(streamId, { maxCount: 1 });
    return record?.position ?? 0;
  }
}
