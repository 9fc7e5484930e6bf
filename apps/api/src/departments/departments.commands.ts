import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { DepartmentNameDto } from './departments.dto';

export class CreateDepartmentCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: DepartmentNameDto,
  ) {
    super();
  }
}

@CommandHandler(CreateDepartmentCommand)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartmentCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, body }: CreateDepartmentCommand): Promise<CommandAnswer> {
    const departmentId = newId();
    return this.runner.run(ctx, { type: 'CreateDepartment', data: { managerId, departmentId, name: body.name } }, () => ({
      departmentId,
    }));
  }
}

export class RenameDepartmentCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly departmentId: string,
    readonly body: DepartmentNameDto,
  ) {
    super();
  }
}

@CommandHandler(RenameDepartmentCommand)
export class RenameDepartmentHandler implements ICommandHandler<RenameDepartmentCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, departmentId, body }: RenameDepartmentCommand): Promise<CommandAnswer> {
    return this.runner.run(ctx, { type: 'RenameDepartment', data: { managerId, departmentId, name: body.name } }, () => ({}));
  }
}

export class CloseDepartmentCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly departmentId: string,
  ) {
    super();
  }
}

/** Refused (422) while the department has members, budget or department admins. */
@CommandHandler(CloseDepartmentCommand)
export class CloseDepartmentHandler implements ICommandHandler<CloseDepartmentCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, departmentId }: CloseDepartmentCommand): Promise<CommandAnswer> {
    return this.runner.run(ctx, { type: 'CloseDepartment', data: { managerId, departmentId } }, () => ({}));
  }
}
