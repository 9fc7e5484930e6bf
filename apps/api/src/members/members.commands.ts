import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Authenticator } from '../auth/authenticator';
import { DepartmentScope } from '../auth/department-scope';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { AutoAllocationDto, MemberPermissionsDto, MoveMemberDto } from './members.dto';

/** A command about one member of one Manager. */
abstract class MemberCommand<B = undefined> extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly memberId: string,
    readonly body: B,
  ) {
    super();
  }
}

export class RemoveMemberCommand extends MemberCommand {}

/** The member's balance returns to the company pool, its features are revoked and its numbers freed. */
@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
    private readonly authenticator: Authenticator,
  ) {}

  async execute({ ctx, managerId, memberId }: RemoveMemberCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    const answer = await this.runner.run(
      ctx,
      { type: 'RemoveMember', data: { managerId, memberId, reclaimId: newId() } },
      (decision) => {
        const reclaimed = decision.ledger.find((event) => event.type === 'CreditReclaimed');
        return { reclaimedMinor: reclaimed?.type === 'CreditReclaimed' ? reclaimed.data.amountMinor : 0 };
      },
    );
    this.authenticator.forget(memberId);
    return answer;
  }
}

export class MoveMemberCommand extends MemberCommand<MoveMemberDto> {}

@CommandHandler(MoveMemberCommand)
export class MoveMemberHandler implements ICommandHandler<MoveMemberCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, memberId, body }: MoveMemberCommand): Promise<CommandAnswer> {
    return this.runner.run(
      ctx,
      { type: 'MoveMemberToDepartment', data: { managerId, memberId, departmentId: body.departmentId } },
      () => ({}),
    );
  }
}

export class SetMemberPermissionsCommand extends MemberCommand<MemberPermissionsDto> {}

@CommandHandler(SetMemberPermissionsCommand)
export class SetMemberPermissionsHandler implements ICommandHandler<SetMemberPermissionsCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId, body }: SetMemberPermissionsCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    const { features, destinations } = body;
    const monthlySpendLimitMinor = body.monthlySpendLimitMinor ?? null;
    return this.runner.run(
      ctx,
      { type: 'SetMemberPermissions', data: { managerId, memberId, features, destinations, monthlySpendLimitMinor } },
      () => ({}),
    );
  }
}

export class SetAutoAllocationCommand extends MemberCommand<AutoAllocationDto | null> {}

/** "Top up to X when below Y" (at most Z a month); null removes the rule. */
@CommandHandler(SetAutoAllocationCommand)
export class SetAutoAllocationHandler implements ICommandHandler<SetAutoAllocationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId, body }: SetAutoAllocationCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    const rule = body
      ? { topUpToMinor: body.topUpToMinor, whenBelowMinor: body.whenBelowMinor, monthlyLimitMinor: body.monthlyLimitMinor ?? null }
      : null;
    return this.runner.run(ctx, { type: 'SetAutoAllocation', data: { managerId, memberId, rule } }, () => ({}));
  }
}
