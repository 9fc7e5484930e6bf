import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Balances, ManagerOverview } from '@skype-manager/projections';
import type { BalancesAsOfView } from '../audit/balances-as-of.view';
import { Allow } from '../auth/access';
import { ROLES } from '../auth/principal';
import { forbidden } from '../http/problem';
import { WaitsForMinPosition } from '../read/min-position.interceptor';
import { QueryParams } from './query-params';
import { READERS, Reader, type ReadScope } from './read-access';
import { GetBalancesQuery, GetManagerOverviewQuery } from './read-model.queries';

/** A member key's view of the balances: its own entry only (no company nor department figures). */
export interface OwnBalance {
  currency: string;
  departments: [];
  members: Array<{ memberId: string; availableMinor: number }>;
  position: number;
  asOf?: string;
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/managers/:managerId')
export class ManagerReadsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Allow(ROLES.readCompany)
  @WaitsForMinPosition()
  @ApiOperation({ summary: 'The Manager at a glance: name, currency, company pool, member counts' })
  @ApiOkResponse({ description: '{managerId, name, currency, companyAvailableMinor, members: {invited, active, removed, …}, position}' })
  overview(@Param('managerId') managerId: string, @Query() query: Record<string, unknown>): Promise<ManagerOverview> {
    new QueryParams(query, []).check();
    return this.queryBus.execute(new GetManagerOverviewQuery(managerId));
  }

  @Get('balances')
  @Allow(READERS)
  @WaitsForMinPosition()
  @ApiOperation({
    summary: 'Balances of the company pool, department budgets and members; ?asOf=ISO-8601 gives them as they were then (from the log)',
    description: 'A department admin may not read them (403); a member key sees its own entry only.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'An ISO-8601 instant with a time zone, e.g. 2025-03-01T00:00:00Z' })
  @ApiOkResponse({ description: '{currency, company: {availableMinor}, departments: [{departmentId, availableMinor}], members: [{memberId, availableMinor}], position, asOf?}' })
  async balances(
    @Param('managerId') managerId: string,
    @Query() query: Record<string, unknown>,
    @Reader() scope: ReadScope,
  ): Promise<Balances | BalancesAsOfView | OwnBalance> {
    const params = new QueryParams(query, ['asOf']);
    const asOf = params.string('asOf', 64);
    params.check();
    if (scope.kind === 'department') throw forbidden('A department admin may not read the company balances');
    const balances = await this.queryBus.execute(new GetBalancesQuery(managerId, asOf));
    if (scope.kind !== 'member') return balances;
    const own: OwnBalance = {
      currency: balances.currency,
      departments: [],
      members: balances.members.filter((member) => member.memberId === scope.memberId),
      position: balances.position,
    };
    if ('asOf' in balances) own.asOf = balances.asOf;
    return own;
  }
}
