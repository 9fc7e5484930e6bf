import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CommandService } from '@skype-manager/application';
import { authorizeUsage, type UsageAuthorization } from '@skype-manager/domain';
import { DepartmentScope } from '../auth/department-scope';
import { CommandRunner } from '../core/command-runner';
import type { RequestContext } from '../core/request-context';
import { notFound } from '../http/problem';
import type { AuthorizeUsageDto } from './usage.dto';

export class AuthorizeUsageQuery extends Query<UsageAuthorization> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: AuthorizeUsageDto,
  ) {
    super();
  }
}

/** Before a call: may this member call this destination now, and for how much at most? Appends nothing. */
@QueryHandler(AuthorizeUsageQuery)
export class AuthorizeUsageHandler implements IQueryHandler<AuthorizeUsageQuery> {
  constructor(
    private readonly commands: CommandService,
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, body }: AuthorizeUsageQuery): Promise<UsageAuthorization> {
    await this.scope.requireMember(ctx, managerId, body.memberId);
    const now = this.runner.now();
    const authorization = await this.commands.read(managerId, ({ ledger }) =>
      ledger.status === 'open' ? authorizeUsage(ledger, { memberId: body.memberId, destination: body.destination, now }) : null,
    );
    if (!authorization) throw notFound('manager-not-found', 'No such Manager');
    return authorization;
  }
}
