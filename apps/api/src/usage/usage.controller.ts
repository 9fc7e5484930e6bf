import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { UsageAuthorization } from '@skype-manager/domain';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { AuthorizeUsageQuery } from './authorize-usage.query';
import { UsageRecordsPipe } from './usage-records.pipe';
import { RecordUsageCommand } from './usage.commands';
import { AuthorizeUsageDto, RecordUsageAnswer, RecordUsageDto, UsageAuthorizationAnswer } from './usage.dto';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/usage')
export class UsageController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /** Usage records from the telephony platform (an owner or admin key), at most 1000 per request. */
  @Post()
  @Allow(ROLES.recordUsage)
  @HttpCode(200)
  @ApiBody({ type: RecordUsageDto })
  @ApiOkResponse({ type: RecordUsageAnswer })
  record(
    @Param('managerId') managerId: string,
    @Body(UsageRecordsPipe) body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new RecordUsageCommand(ctx, managerId, body as RecordUsageDto));
  }

  @Post('authorizations')
  @Allow(ROLES.manageMembers)
  @HttpCode(200)
  @ApiOkResponse({ type: UsageAuthorizationAnswer })
  authorize(
    @Param('managerId') managerId: string,
    @Body() body: AuthorizeUsageDto,
    @Ctx() ctx: RequestContext,
  ): Promise<UsageAuthorization> {
    return this.queryBus.execute(new AuthorizeUsageQuery(ctx, managerId, body));
  }
}
