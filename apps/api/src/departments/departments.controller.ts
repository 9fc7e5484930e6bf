import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { IdParam } from '../http/id-param';
import { CloseDepartmentCommand, CreateDepartmentCommand, RenameDepartmentCommand } from './departments.commands';
import { CreateDepartmentAnswer, DepartmentNameDto } from './departments.dto';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/departments')
@Allow(ROLES.manageCompany)
export class DepartmentsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreateDepartmentAnswer })
  create(
    @Param('managerId') managerId: string,
    @Body() body: DepartmentNameDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new CreateDepartmentCommand(ctx, managerId, body));
  }

  @Patch(':departmentId')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  rename(
    @Param('managerId') managerId: string,
    @Param('departmentId', new IdParam('department')) departmentId: string,
    @Body() body: DepartmentNameDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new RenameDepartmentCommand(ctx, managerId, departmentId, body));
  }

  @Delete(':departmentId')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  close(
    @Param('managerId') managerId: string,
    @Param('departmentId', new IdParam('department')) departmentId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new CloseDepartmentCommand(ctx, managerId, departmentId));
  }
}
