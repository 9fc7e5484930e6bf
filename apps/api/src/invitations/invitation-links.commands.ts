import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandService } from '@skype-manager/application';
import type { KnownMember } from '@skype-manager/domain';
import { formatApiKey, parseInvitationToken, SecretIssuer, sha256Hex } from '../auth/api-keys';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import type { RequestContext } from '../core/request-context';
import { notFound } from '../http/problem';
import type { AcceptInvitationDto } from './invitations.dto';

/**
 * The invitation link's actions need no key: the token is the credential. It names the member, whose
 * stream names the Manager; the domain then checks the token's hash (a wrong one is 404, like none).
 */
async function invitationOf(commands: CommandService, token: string): Promise<{ member: KnownMember; secret: string }> {
  const parsed = parseInvitationToken(token);
  if (parsed) {
    const member = await commands.readMember(parsed.memberId);
    if (member.status !== 'none') return { member, secret: parsed.secret };
  }
  throw notFound('invitation-not-found', 'No such invitation');
}

/** Idempotency scope of an invitation link's actions (the caller has no Manager key). */
const invitationScope = (memberId: string) => `invitation-${memberId}`;

export class AcceptInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly token: string,
    readonly body: AcceptInvitationDto,
  ) {
    super();
  }
}

@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly commands: CommandService,
    private readonly secrets: SecretIssuer,
  ) {}

  async execute({ ctx, token, body }: AcceptInvitationCommand): Promise<CommandAnswer> {
    const { member, secret } = await invitationOf(this.commands, token);
    const { managerId, memberId } = member;
    const scope = invitationScope(memberId);
    const keySecret = this.secrets.issue('member-key', this.runner.idempotency(ctx, scope));
    const apiKey = formatApiKey({ kind: 'member', managerId, id: memberId }, keySecret);
    const account = body.account ?? member.account ?? member.email ?? '';
    const answer = await this.runner.run(
      ctx,
      {
        type: 'AcceptInvitation',
        data: { managerId, memberId, invitationTokenHash: sha256Hex(secret), account, apiKeyHash: sha256Hex(apiKey) },
      },
      () => ({ managerId, memberId }),
      scope,
    );
    return { ...answer, apiKey };
  }
}

export class DeclineInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly token: string,
  ) {
    super();
  }
}

@CommandHandler(DeclineInvitationCommand)
export class DeclineInvitationHandler implements ICommandHandler<DeclineInvitationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly commands: CommandService,
  ) {}

  async execute({ ctx, token }: DeclineInvitationCommand): Promise<CommandAnswer> {
    const { member, secret } = await invitationOf(this.commands, token);
    const { managerId, memberId } = member;
    return this.runner.run(
      ctx,
      { type: 'DeclineInvitation', data: { managerId, memberId, invitationTokenHash: sha256Hex(secret) } },
      () => ({}),
      invitationScope(memberId),
    );
  }
}
