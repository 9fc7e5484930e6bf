import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { COMPANY } from '@skype-manager/domain';
import { DepartmentScope } from '../auth/department-scope';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import { creditAccountOf, type AllocateCreditDto, type PurchaseCreditDto, type ReclaimCreditDto } from './credit.dto';

abstract class CreditCommand<B> extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: B,
  ) {
    super();
  }
}

export class PurchaseCreditCommand extends CreditCommand<PurchaseCreditDto> {}

/** Credit bought for the company pool, in the Manager's currency (another currency is refused). */
@CommandHandler(PurchaseCreditCommand)
export class PurchaseCreditHandler implements ICommandHandler<PurchaseCreditCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, body }: PurchaseCreditCommand): Promise<CommandAnswer> {
    const purchaseId = newId();
    const { amountMinor, currency, paymentReference } = body;
    return this.runner.run(
      ctx,
      { type: 'PurchaseCredit', data: { managerId, purchaseId, amountMinor, currency, paymentReference } },
      () => ({ purchaseId }),
    );
  }
}

export class AllocateCreditCommand extends CreditCommand<AllocateCreditDto> {}

/** Company pool → department budget or member; department budget → one of its members. */
@CommandHandler(AllocateCreditCommand)
export class AllocateCreditHandler implements ICommandHandler<AllocateCreditCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  execute({ ctx, managerId, body }: AllocateCreditCommand): Promise<CommandAnswer> {
    // A department admin spends only its department's budget (the domain checks the member is in it).
    this.scope.requireDepartment(ctx, body.from?.departmentId);
    const allocationId = newId();
    const from = body.from ? { type: 'department' as const, departmentId: body.from.departmentId } : COMPANY;
    return this.runner.run(
      ctx,
      { type: 'AllocateCredit', data: { managerId, allocationId, from, to: creditAccountOf(body.to), amountMinor: body.amountMinor } },
      () => ({ allocationId }),
    );
  }
}

export class ReclaimCreditCommand extends CreditCommand<ReclaimCreditDto> {}

/** Unused credit of a member or a department back to the company pool: an amount, or all of it. */
@CommandHandler(ReclaimCreditCommand)
export class ReclaimCreditHandler implements ICommandHandler<ReclaimCreditCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, body }: ReclaimCreditCommand): Promise<CommandAnswer> {
    if (body.from.memberId !== undefined) await this.scope.requireMember(ctx, managerId, body.from.memberId);
    else this.scope.requireDepartment(ctx, body.from.departmentId);
    const reclaimId = newId();
    return this.runner.run(
      ctx,
      { type: 'ReclaimCredit', data: { managerId, reclaimId, from: creditAccountOf(body.from), amountMinor: body.amountMinor ?? null } },
      (decision) => {
        const reclaimed = decision.ledger.find((event) => event.type === 'CreditReclaimed');
        return { reclaimId, amountMinor: reclaimed?.type === 'CreditReclaimed' ? reclaimed.data.amountMinor : 0 };
      },
    );
  }
}
