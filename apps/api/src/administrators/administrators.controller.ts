import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { IdParam } from '../http/id-param';
import { AddAdministratorCommand, RemoveAdministratorCommand } from './administrators.commands';
import { AddAdministratorAnswer, AddAdministratorDto } from './administrators.dto';

@ApiTags('administrators')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/administrators')
@Allow(ROLES.manageAdministrators)
export class AdministratorsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: AddAdministratorAnswer })
  add(
    @Param('managerId') managerId: string,
    @Body() body: AddAdministratorDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new AddAdministratorCommand(ctx, managerId, body));
  }

  /** The last owner cannot be removed (422 last-owner). */
  @Delete(':administratorId')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  remove(
    @Param('managerId') managerId: string,
    @Param('administratorId', new IdParam('administrator')) administratorId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new RemoveAdministratorCommand(ctx, managerId, administratorId));
  }
}
