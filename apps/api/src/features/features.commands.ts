import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DepartmentScope } from '../auth/department-scope';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { GrantFeatureDto } from './features.dto';

export class GrantFeatureCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly memberId: string,
    readonly body: GrantFeatureDto,
  ) {
    super();
  }
}

/** The feature's catalogue price is charged to the company pool. */
@CommandHandler(GrantFeatureCommand)
export class GrantFeatureHandler implements ICommandHandler<GrantFeatureCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId, body }: GrantFeatureCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    const grantId = newId();
    const options: { number?: string; plan?: string } = {};
    if (body.options?.number !== undefined) options.number = body.options.number;
    if (body.options?.plan !== undefined) options.plan = body.options.plan;
    return this.runner.run(
      ctx,
      { type: 'GrantFeature', data: { managerId, grantId, memberId, feature: body.feature, options } },
      (decision) => {
        const granted = decision.ledger.find((event) => event.type === 'FeatureGranted');
        return { grantId, chargedMinor: granted?.type === 'FeatureGranted' ? granted.data.chargedMinor : 0 };
      },
    );
  }
}

export class RevokeFeatureCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly memberId: string,
    readonly grantId: string,
  ) {
    super();
  }
}

@CommandHandler(RevokeFeatureCommand)
export class RevokeFeatureHandler implements ICommandHandler<RevokeFeatureCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId, grantId }: RevokeFeatureCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    return this.runner.run(ctx, { type: 'RevokeFeature', data: { managerId, memberId, grantId } }, () => ({}));
  }
}
