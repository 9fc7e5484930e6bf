import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatApiKey, SecretIssuer, sha256Hex } from '../auth/api-keys';
import { Authenticator } from '../auth/authenticator';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { AddAdministratorDto } from './administrators.dto';

export class AddAdministratorCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: AddAdministratorDto,
  ) {
    super();
  }
}

@CommandHandler(AddAdministratorCommand)
export class AddAdministratorHandler implements ICommandHandler<AddAdministratorCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly secrets: SecretIssuer,
  ) {}

  async execute({ ctx, managerId, body }: AddAdministratorCommand): Promise<CommandAnswer> {
    const administratorId = newId();
    const secret = this.secrets.issue('administrator-key', this.runner.idempotency(ctx, managerId));
    const apiKey = formatApiKey({ kind: 'administrator', managerId, id: administratorId }, secret);
    const answer = await this.runner.run(
      ctx,
      {
        type: 'AddAdministrator',
        data: {
          managerId,
          administratorId,
          account: body.account,
          role: body.role,
          departmentId: body.departmentId ?? null,
          apiKeyHash: sha256Hex(apiKey),
        },
      },
      () => ({ administratorId }),
    );
    const added = { kind: 'administrator' as const, managerId, id: String(answer.administratorId) };
    return { ...answer, apiKey: formatApiKey(added, secret) };
  }
}

export class RemoveAdministratorCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly administratorId: string,
  ) {
    super();
  }
}

@CommandHandler(RemoveAdministratorCommand)
export class RemoveAdministratorHandler implements ICommandHandler<RemoveAdministratorCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly authenticator: Authenticator,
  ) {}

  async execute({ ctx, managerId, administratorId }: RemoveAdministratorCommand): Promise<CommandAnswer> {
    const answer = await this.runner.run(ctx, { type: 'RemoveAdministrator', data: { managerId, administratorId } }, () => ({}));
    this.authenticator.forget(administratorId);
    return answer;
  }
}
