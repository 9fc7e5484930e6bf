import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MemberDetails, MemberListItem, Page } from '@skype-manager/projections';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import { WaitsForMinPosition } from '../read/min-position.interceptor';
import { QueryParams } from './query-params';
import { onlyDepartment, onlyItself, READERS, Reader, type ReadScope } from './read-access';
import { GetMemberQuery, ListMembersQuery } from './read-model.queries';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/members')
export class MembersReadsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Allow(ROLES.readCompany)
  @WaitsForMinPosition()
  @ApiOperation({
    summary: 'Members in the order they were invited, paged: pass `next` as ?cursor=',
    description: "A department admin sees its own department's members (the default filter; another departmentId is 403).",
  })
  @ApiQuery({ name: 'status', required: false, enum: ['invited', 'active', 'declined', 'cancelled', 'removed'] })
  @ApiQuery({ name: 'departmentId', required: false })
  @ApiQuery({ name: 'limit', required: false, type: 'integer', description: '1 to 500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `next` of the previous page' })
  @ApiOkResponse({ description: '{items: [{memberId, displayName, status, departmentId, availableMinor}], next?}' })
  list(
    @Param('managerId') managerId: string,
    @Query() query: Record<string, unknown>,
    @Reader() scope: ReadScope,
  ): Promise<Page<MemberListItem>> {
    const params = new QueryParams(query, ['status', 'departmentId', 'limit', 'cursor']);
    const status = params.string('status', 20);
    let departmentId = params.string('departmentId');
    const limit = params.integer('limit', 1, 500);
    const cursor = params.string('cursor', 1000);
    params.check();
    if (scope.kind === 'department') {
      departmentId ??= scope.departmentId ?? undefined;
      onlyDepartment(scope, departmentId);
    }
    return this.queryBus.execute(new ListMembersQuery(managerId, { status, departmentId, limit, cursor }));
  }

  @Get(':memberId')
  @Allow(READERS)
  @WaitsForMinPosition()
  @ApiOperation({
    summary: 'One member: status, department, balance, permissions, features, spent this month',
    description: "A department admin reads its department's members; a member key reads itself only.",
  })
  @ApiOkResponse({ description: '{memberId, displayName, status, departmentId, availableMinor, email, account, permissions, features, invitationExpiresAt, spentThisMonthMinor, position}' })
  async one(
    @Param('managerId') managerId: string,
    @Param('memberId') memberId: string,
    @Query() query: Record<string, unknown>,
    @Reader() scope: ReadScope,
  ): Promise<MemberDetails> {
    new QueryParams(query, []).check();
    onlyItself(scope, memberId);
    const member = await this.queryBus.execute(new GetMemberQuery(managerId, memberId));
    onlyDepartment(scope, member.departmentId);
    return member;
  }
}
