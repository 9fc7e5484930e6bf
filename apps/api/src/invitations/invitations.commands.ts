import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Decision } from '@skype-manager/domain';
import { formatInvitationToken, SecretIssuer, sha256Hex } from '../auth/api-keys';
import { DepartmentScope } from '../auth/department-scope';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { InviteMemberDto } from './invitations.dto';

function expiryOf(decision: Decision): string | null {
  for (const event of decision.member) {
    if (event.type === 'MemberInvited' || event.type === 'InvitationResent') return event.data.expiresAt;
  }
  return null;
}

export class InviteMemberCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: InviteMemberDto,
  ) {
    super();
  }
}

@CommandHandler(InviteMemberCommand)
export class InviteMemberHandler implements ICommandHandler<InviteMemberCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly secrets: SecretIssuer,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, body }: InviteMemberCommand): Promise<CommandAnswer> {
    const departmentId = body.departmentId ?? this.scope.departmentOf(ctx);
    this.scope.requireDepartment(ctx, departmentId);
    const memberId = newId();
    const secret = this.secrets.issue('invitation-token', this.runner.idempotency(ctx, managerId));
    const answer = await this.runner.run(
      ctx,
      {
        type: 'InviteMember',
        data: {
          managerId,
          memberId,
          email: body.email ?? null,
          account: body.account ?? null,
          displayName: body.displayName,
          departmentId,
          invitationTokenHash: sha256Hex(secret),
        },
      },
      (decision) => ({ memberId, expiresAt: expiryOf(decision) }),
    );
    return { ...answer, invitationToken: formatInvitationToken(String(answer.memberId), secret) };
  }
}

export class ResendInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

/** A new token replaces the old one, and the 30 days start again. */
@CommandHandler(ResendInvitationCommand)
export class ResendInvitationHandler implements ICommandHandler<ResendInvitationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly secrets: SecretIssuer,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId }: ResendInvitationCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    const secret = this.secrets.issue('invitation-token', this.runner.idempotency(ctx, managerId));
    const answer = await this.runner.run(
      ctx,
      { type: 'ResendInvitation', data: { managerId, memberId, invitationTokenHash: sha256Hex(secret) } },
      (decision) => ({ expiresAt: expiryOf(decision) }),
    );
    return { ...answer, invitationToken: formatInvitationToken(memberId, secret) };
  }
}

export class CancelInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

@CommandHandler(CancelInvitationCommand)
export class CancelInvitationHandler implements ICommandHandler<CancelInvitationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly scope: DepartmentScope,
  ) {}

  async execute({ ctx, managerId, memberId }: CancelInvitationCommand): Promise<CommandAnswer> {
    await this.scope.requireMember(ctx, managerId, memberId);
    return this.runner.run(ctx, { type: 'CancelInvitation', data: { managerId, memberId } }, () => ({}));
  }
}
