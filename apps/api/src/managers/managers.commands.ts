import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FEATURES, type Feature } from '@skype-manager/domain';
import type { JsonObject } from '@skype-manager/event-store';
import { formatApiKey, SecretIssuer, sha256Hex } from '../auth/api-keys';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { SetCatalogueDto, SetUpManagerDto, UpdateManagerDetailsDto } from './managers.dto';

/** Idempotency scope of sign-ups: there is no Manager yet. */
export const SIGNUP_SCOPE = 'signup';

export class SetUpManagerCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly body: SetUpManagerDto,
  ) {
    super();
  }
}

@CommandHandler(SetUpManagerCommand)
export class SetUpManagerHandler implements ICommandHandler<SetUpManagerCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly secrets: SecretIssuer,
  ) {}

  async execute({ ctx, body }: SetUpManagerCommand): Promise<CommandAnswer> {
    const managerId = newId();
    const administratorId = newId();
    const secret = this.secrets.issue('owner-key', this.runner.idempotency(ctx, SIGNUP_SCOPE));
    const apiKey = formatApiKey({ kind: 'administrator', managerId, id: administratorId }, secret);
    const { name, adminAccount, currency, country } = body;
    const answer = await this.runner.run(
      ctx,
      {
        type: 'SetUpManager',
        data: { managerId, administratorId, name, adminAccount, currency, country, apiKeyHash: sha256Hex(apiKey) },
      },
      () => ({ managerId, administratorId }),
      SIGNUP_SCOPE,
    );
    // A replay answers with the first request's ids; its key is derived again from the same request.
    const owner = { kind: 'administrator' as const, managerId: String(answer.managerId), id: String(answer.administratorId) };
    return { ...answer, apiKey: formatApiKey(owner, secret) };
  }
}

export class UpdateManagerDetailsCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: UpdateManagerDetailsDto,
  ) {
    super();
  }
}

@CommandHandler(UpdateManagerDetailsCommand)
export class UpdateManagerDetailsHandler implements ICommandHandler<UpdateManagerDetailsCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, body }: UpdateManagerDetailsCommand): Promise<CommandAnswer> {
    const data: { managerId: string; name?: string; adminAccount?: string } = { managerId };
    if (body.name !== undefined) data.name = body.name;
    if (body.adminAccount !== undefined) data.adminAccount = body.adminAccount;
    return this.runner.run(ctx, { type: 'UpdateManagerDetails', data }, () => ({}));
  }
}

export class SetCatalogueCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: SetCatalogueDto,
  ) {
    super();
  }
}

@CommandHandler(SetCatalogueCommand)
export class SetCatalogueHandler implements ICommandHandler<SetCatalogueCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, body }: SetCatalogueCommand): Promise<CommandAnswer> {
    const prices: Partial<Record<Feature, number>> = {};
    for (const feature of FEATURES) {
      const price = body.prices[feature];
      if (price !== undefined) prices[feature] = price;
    }
    return this.runner.run(ctx, { type: 'SetCatalogue', data: { managerId, prices } }, (decision): JsonObject => {
      const set = decision.ledger.find((event) => event.type === 'CatalogueSet');
      return set ? { prices: { ...set.data.prices } } : {};
    });
  }
}
