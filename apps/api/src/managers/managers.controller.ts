import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, SignUp } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { WaitsForMinPosition } from '../read/min-position.interceptor';
import { GetCatalogueQuery, type CatalogueView } from './catalogue.query';
import { SetCatalogueCommand, SetUpManagerCommand, UpdateManagerDetailsCommand } from './managers.commands';
import {
  CatalogueAnswer,
  SetCatalogueDto,
  SetUpManagerAnswer,
  SetUpManagerDto,
  UpdateManagerDetailsDto,
} from './managers.dto';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('v1/managers')
export class ManagersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /** Sets up a Manager with its first administrator (the owner). */
  @Post()
  @SignUp()
  @HttpCode(201)
  @ApiCreatedResponse({ type: SetUpManagerAnswer })
  setUp(@Body() body: SetUpManagerDto, @Ctx() ctx: RequestContext): Promise<CommandAnswer> {
    return this.commandBus.execute(new SetUpManagerCommand(ctx, body));
  }

  @Patch(':managerId')
  @Allow(ROLES.manageCompany)
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  updateDetails(
    @Param('managerId') managerId: string,
    @Body() body: UpdateManagerDetailsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new UpdateManagerDetailsCommand(ctx, managerId, body));
  }

  @Put(':managerId/catalogue')
  @Allow(ROLES.manageCompany)
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  setCatalogue(
    @Param('managerId') managerId: string,
    @Body() body: SetCatalogueDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new SetCatalogueCommand(ctx, managerId, body));
  }

  @Get(':managerId/catalogue')
  @Allow(ROLES.readCompany)
  @WaitsForMinPosition()
  @ApiOkResponse({ type: CatalogueAnswer })
  catalogue(@Param('managerId') managerId: string): Promise<CatalogueView> {
    return this.queryBus.execute(new GetCatalogueQuery(managerId));
  }
}
