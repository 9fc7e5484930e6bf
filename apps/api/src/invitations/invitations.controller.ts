import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../auth/access';
import { ROLES } from '../auth/principal';
import type { CommandAnswer } from '../core/command-runner';
import { Ctx, type RequestContext } from '../core/request-context';
import { PositionAnswer } from '../http/codes';
import { IdParam } from '../http/id-param';
import { EmptyBody } from '../http/validation';
import { AcceptInvitationCommand, DeclineInvitationCommand } from './invitation-links.commands';
import { CancelInvitationCommand, InviteMemberCommand, ResendInvitationCommand } from './invitations.commands';
import {
  AcceptInvitationAnswer,
  AcceptInvitationDto,
  InviteMemberAnswer,
  InviteMemberDto,
  ResendInvitationAnswer,
} from './invitations.dto';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/invitations')
@Allow(ROLES.manageMembers)
export class InvitationsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Invites a member; the invitation is valid 30 days. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: InviteMemberAnswer })
  invite(
    @Param('managerId') managerId: string,
    @Body() body: InviteMemberDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new InviteMemberCommand(ctx, managerId, body));
  }

  @Post(':memberId/resend')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ResendInvitationAnswer })
  resend(
    @Param('managerId') managerId: string,
    @Param('memberId', new IdParam('member')) memberId: string,
    @Body(EmptyBody) _body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new ResendInvitationCommand(ctx, managerId, memberId));
  }

  @Delete(':memberId')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  cancel(
    @Param('managerId') managerId: string,
    @Param('memberId', new IdParam('member')) memberId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new CancelInvitationCommand(ctx, managerId, memberId));
  }
}

/** The invitation link: no key, the token in the path is the credential. */
@ApiTags('invitations')
@Controller('v1/invitations/:token')
@Public()
export class InvitationLinksController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('accept')
  @HttpCode(200)
  @ApiOkResponse({ type: AcceptInvitationAnswer })
  accept(
    @Param('token') token: string,
    @Body() body: AcceptInvitationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    return this.commandBus.execute(new AcceptInvitationCommand(ctx, token, body));
  }

  @Post('decline')
  @HttpCode(200)
  @ApiOkResponse({ type: PositionAnswer })
  decline(@Param('token') token: string, @Body(EmptyBody) _body: unknown, @Ctx() ctx: RequestContext): Promise<CommandAnswer> {
    return this.commandBus.execute(new DeclineInvitationCommand(ctx, token));
  }
}
