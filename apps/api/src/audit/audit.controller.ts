import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VerifyReport } from '@skype-manager/audit';
import { Allow } from '../auth/access';
import type { Role } from '../auth/principal';
import { EmptyBody } from '../http/validation';
import { parseLogPageQuery, parseStreamPageQuery } from './audit-query';
import { AuditService } from './audit.service';
import type { LogPage } from './audit.views';

/** Who may read the history and run a verification: the auditor role exists for exactly this. */
export const AUDIT_ROLES = ['owner', 'admin', 'auditor'] as const satisfies readonly Role[];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/managers/:managerId')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @Allow(AUDIT_ROLES)
  @ApiOperation({ summary: "The Manager's event log, in log order: ?after=position&limit=(1-1000, default 100)&streamId=&type=" })
  @ApiOkResponse({ description: '{items: [{position, id, streamId, revision, type, data, metadata}], next?}' })
  events(@Param('managerId') managerId: string, @Query() query: Record<string, unknown>): Promise<LogPage> {
    return this.audit.logPage(managerId, parseLogPageQuery(query));
  }

  @Get('streams/:streamId/events')
  @Allow(AUDIT_ROLES)
  @ApiOperation({ summary: "One stream's history, by revision: ?after=revision&limit=; 404 for a stream of another Manager" })
  @ApiOkResponse({ description: '{items: [...], next?: revision}' })
  streamEvents(
    @Param('managerId') managerId: string,
    @Param('streamId') streamId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<LogPage> {
    return this.audit.streamPage(managerId, streamId, parseStreamPageQuery(query));
  }

  @Post('audit/verify')
  @HttpCode(200)
  @Allow(AUDIT_ROLES)
  @ApiOperation({ summary: 'Replays the Manager’s log: hash chain, stream revisions, ledger rules after every event, read models' })
  @ApiOkResponse({ description: '{ok, eventsChecked, readModelsMatch, hashChainIntact, invariantsHold, firstBrokenPosition?, problems: [{position?, kind, detail}]}' })
  verify(@Param('managerId') managerId: string, @Body(EmptyBody) _body: Record<string, never>): Promise<VerifyReport> {
    return this.audit.verify(managerId);
  }
}
