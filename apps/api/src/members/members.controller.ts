import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { IdParam } from '../http/id-param';
import { NullableBody } from '../http/validation';
import {
  MoveMemberCommand,
  RemoveMemberCommand,
  SetAutoAllocationCommand,
  SetMemberPermissionsCommand,
} from './members.commands';
import { AutoAllocationDto, MemberPermissionsDto, MoveMemberDto, RemoveMemberAnswer } from './members.dto';

const memberIdPipe = new IdParam('member');

@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/members/:memberId')
export class MembersController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete()
  @Allow(ROLES.manageMembers)
  @HttpCode(200)
  @ApiOkResponse({ type: RemoveMemberAnswer })
  remove(
    @Param('managerId') managerId: string,
    @Param('memberId', memberIdPipe) memberId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new RemoveMemberCommand(ctx, managerId, memberId, undefined));
  }

  /** Moving members between departments is for owners and admins. */
  @Put('department')
  @Allow(ROLES.manageCompany)
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  move(
    @Param('managerId') managerId: string,
    @Param('memberId', memberIdPipe) memberId: string,
    @Body() body: MoveMemberDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new MoveMemberCommand(ctx, managerId, memberId, body));
  }

  @Put('permissions')
  @Allow(ROLES.manageMembers)
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  setPermissions(
    @Param('managerId') managerId: string,
    @Param('memberId', memberIdPipe) memberId: string,
    @Body() body: MemberPermissionsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new SetMemberPermissionsCommand(ctx, managerId, memberId, body));
  }

  /** The body is the rule, or JSON `null` to remove it. */
  @Put('auto-allocation')
  @Allow(ROLES.manageMembers)
  @HttpCode(200)
  @ApiBody({ type: AutoAllocationDto, description: 'The rule, or null to remove it' })
  @ApiOkResponse({ type: PositionAnswer })
  setAutoAllocation(
    @Param('managerId') managerId: string,
    @Param('memberId', memberIdPipe) memberId: string,
    @Body(new NullableBody(AutoAllocationDto)) body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(
      new SetAutoAllocationCommand(ctx, managerId, memberId, body as AutoAllocationDto | null),
    );
  }
}
