import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { spendReportCsv, type AllocationItem, type Page, type PurchaseItem, type SpendReport } from '@skype-manager/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../auth/access';
import { DepartmentScope } from '../auth/department-scope';
import { Ctx, type RequestContext } from '../core/request-context';
import { forbidden } from '../http/problem';
import { WaitsForMinPosition } from '../read/min-position.interceptor';
import { QueryParams } from './query-params';
import { COMPANY_READERS, onlyDepartment, READERS, Reader, type ReadScope } from './read-access';
import { GetSpendReportQuery, ListCreditMovementsQuery } from './read-model.queries';

const HISTORY_PARAMS = ['order', 'limit', 'cursor'] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/managers/:managerId/reports')
export class ReportsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly departments: DepartmentScope,
  ) {}

  @Get('spend')
  @Allow(READERS)
  @WaitsForMinPosition()
  @ApiOperation({
    summary: 'Spend of the group, a department or an employee over a date range (UTC days), by day or month and category',
    description:
      'Spend counts for the department the member was in when it happened. `Accept: text/csv` gives the series as CSV. ' +
      "A department admin reads its department and its members (403 for the group and other departments); a member key reads its own employee report.",
  })
  @ApiQuery({ name: 'level', enum: ['group', 'department', 'employee'] })
  @ApiQuery({ name: 'id', required: false, description: 'departmentId or memberId (the group: omitted or the managerId)' })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD, included' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD, included (at most 366 days by day, 120 months by month)' })
  @ApiQuery({ name: 'granularity', required: false, enum: ['day', 'month'], description: 'default day' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{level, id, from, to, granularity, currency, totalMinor, byCategory, series: [{period, totalMinor, byCategory}], position}' })
  async spend(
    @Param('managerId') managerId: string,
    @Query() query: Record<string, unknown>,
    @Reader() scope: ReadScope,
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SpendReport | string> {
    const params = new QueryParams(query, ['level', 'id', 'from', 'to', 'granularity']);
    const report = {
      level: params.string('level', 20) ?? '',
      id: params.string('id'),
      from: params.string('from', 10) ?? '',
      to: params.string('to', 10) ?? '',
      granularity: params.string('granularity', 10),
    };
    params.check();
    await this.checkSpendScope(scope, ctx, managerId, report.level, report.id);
    const answer: SpendReport = await this.queryBus.execute(new GetSpendReportQuery(managerId, report));
    if (!wantsCsv(request)) return answer;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `inline; filename="spend-${answer.level}-${answer.from}-${answer.to}.csv"`);
    return spendReportCsv(answer);
  }

  @Get('purchases')
  @Allow(COMPANY_READERS)
  @WaitsForMinPosition()
  @ApiOperation({ summary: 'Credit purchases, newest first (?order=oldest), paged: pass `next` as ?cursor=' })
  @ApiQuery({ name: 'order', required: false, enum: ['newest', 'oldest'] })
  @ApiQuery({ name: 'limit', required: false, type: 'integer', description: '1 to 500, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ description: '{items: [{purchaseId, amountMinor, currency, paymentReference, occurredAt, actor, position}], next?}' })
  purchases(@Param('managerId') managerId: string, @Query() query: Record<string, unknown>): Promise<Page<PurchaseItem>> {
    return this.queryBus.execute(new ListCreditMovementsQuery(managerId, 'purchases', historyQuery(query))) as Promise<Page<PurchaseItem>>;
  }

  @Get('allocations')
  @Allow(COMPANY_READERS)
  @WaitsForMinPosition()
  @ApiOperation({ summary: 'Allocations and reclaims between the company pool, departments and members, newest first, paged' })
  @ApiQuery({ name: 'order', required: false, enum: ['newest', 'oldest'] })
  @ApiQuery({ name: 'limit', required: false, type: 'integer', description: '1 to 500, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ description: '{items: [{movementId, kind, from, to, amountMinor, reason, occurredAt, actor, position}], next?}' })
  allocations(@Param('managerId') managerId: string, @Query() query: Record<string, unknown>): Promise<Page<AllocationItem>> {
    return this.queryBus.execute(new ListCreditMovementsQuery(managerId, 'allocations', historyQuery(query))) as Promise<Page<AllocationItem>>;
  }

  /** An unknown level passes: the report refuses it with a 400. */
  private async checkSpendScope(scope: ReadScope, ctx: RequestContext, managerId: string, level: string, id: string | undefined) {
    if (scope.kind === 'company') return;
    if (scope.kind === 'member') {
      if (level !== 'employee' || id !== scope.memberId) throw forbidden('A member key reads only its own employee spend report');
      return;
    }
    if (level === 'group') throw forbidden('A department admin may not read the group spend');
    if (level === 'department') onlyDepartment(scope, id);
    // Its members: the department the member is in now, as the command side knows it.
    if (level === 'employee' && id !== undefined) await this.departments.requireMember(ctx, managerId, id);
  }
}

function historyQuery(query: Record<string, unknown>) {
  const params = new QueryParams(query, HISTORY_PARAMS);
  const page = { order: params.string('order', 10), limit: params.integer('limit', 1, 500), cursor: params.string('cursor', 1000) };
  params.check();
  return page;
}

/** `Accept: text/csv` (alone or preferred to JSON by its place in the list). */
function wantsCsv(request: FastifyRequest): boolean {
  const accept = (request.headers.accept ?? '').toLowerCase();
  const csv = accept.indexOf('text/csv');
  if (csv === -1) return false;
  const json = accept.indexOf('application/json');
  return json === -1 || csv < json;
}
