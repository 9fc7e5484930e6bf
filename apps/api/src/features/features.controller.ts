import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { IdParam } from '../http/id-param';
import { GrantFeatureCommand, RevokeFeatureCommand } from './features.commands';
import { GrantFeatureAnswer, GrantFeatureDto } from './features.dto';

@ApiTags('features')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/members/:memberId/features')
@Allow(ROLES.manageMembers)
export class FeaturesController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: GrantFeatureAnswer })
  grant(
    @Param('managerId') managerId: string,
    @Param('memberId', new IdParam('member')) memberId: string,
    @Body() body: GrantFeatureDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new GrantFeatureCommand(ctx, managerId, memberId, body));
  }

  @Delete(':grantId')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  revoke(
    @Param('managerId') managerId: string,
    @Param('memberId', new IdParam('member')) memberId: string,
    @Param('grantId', new IdParam('grant')) grantId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new RevokeFeatureCommand(ctx, managerId, memberId, grantId));
  }
}
