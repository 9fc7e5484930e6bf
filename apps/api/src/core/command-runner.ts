import { Inject, Injectable } from '@nestjs/common';
import { CommandService, type IdempotencyRequest } from '@skype-manager/application';
import type { Command, Decision } from '@skype-manager/domain';
import type { JsonObject } from '@skype-manager/event-store';
import { actorOf } from '../auth/principal';
import type { Clock } from './clock';
import type { RequestContext } from './request-context';
import { CLOCK } from './tokens';

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
    if (outcome.replayed) ctx.markReplayed();
    return outcome.body;
  }
}
