import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { AllocateCreditCommand, PurchaseCreditCommand, ReclaimCreditCommand } from './credit.commands';
import {
  AllocateCreditAnswer,
  AllocateCreditDto,
  PurchaseCreditAnswer,
  PurchaseCreditDto,
  ReclaimCreditAnswer,
  ReclaimCreditDto,
} from './credit.dto';

@ApiTags('credit')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/credit')
export class CreditController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('purchases')
  @Allow(ROLES.manageCompany)
  @HttpCode(201)
  @ApiCreatedResponse({ type: PurchaseCreditAnswer })
  purchase(
    @Param('managerId') managerId: string,
    @Body() body: PurchaseCreditDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new PurchaseCreditCommand(ctx, managerId, body));
  }

  @Post('allocations')
  @Allow(ROLES.manageMembers)
  @HttpCode(201)
  @ApiCreatedResponse({ type: AllocateCreditAnswer })
  allocate(
    @Param('managerId') managerId: string,
    @Body() body: AllocateCreditDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new AllocateCreditCommand(ctx, managerId, body));
  }

  @Post('reclaims')
  @Allow(ROLES.manageMembers)
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReclaimCreditAnswer })
  reclaim(
    @Param('managerId') managerId: string,
    @Body() body: ReclaimCreditDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new ReclaimCreditCommand(ctx, managerId, body));
  }
}
