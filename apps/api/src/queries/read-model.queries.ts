import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@skype-manager/event-store';
import {
  getBalances,
  getManagerOverview,
  getMember,
  getSpendReport,
  listAllocations,
  listMembers,
  listPurchases,
  type AllocationItem,
  type Balances,
  type HistoryQuery,
  type ManagerOverview,
  type MemberDetails,
  type MemberListItem,
  type MemberListQuery,
  type Page,
  type PurchaseItem,
  type ReadModels,
  type SpendReport,
  type SpendReportQuery,
} from '@skype-manager/projections';
import { balancesAsOfView, type BalancesAsOfView } from '../audit/balances-as-of.view';
import type { Clock } from '../core/clock';
import { CLOCK, EVENT_STORE } from '../core/tokens';
import { notFound } from '../http/problem';
import { READ_MODELS } from '../read/read.module';
import { refusingBadInput } from './query-params';

/** The read endpoints' queries: each one a projections query function over the live read models. */
const managerNotFound = () => notFound('manager-not-found', 'No such Manager');

export class GetManagerOverviewQuery extends Query<ManagerOverview> {
  constructor(readonly managerId: string) {
    super();
  }
}

export class ListMembersQuery extends Query<Page<MemberListItem>> {
  constructor(
    readonly managerId: string,
    readonly filter: MemberListQuery,
  ) {
    super();
  }
}

export class GetMemberQuery extends Query<MemberDetails> {
  constructor(
    readonly managerId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

/** Current balances from the read models, or with `asOf` the balances of that instant, folded from the log. */
export class GetBalancesQuery extends Query<Balances | BalancesAsOfView> {
  constructor(
    readonly managerId: string,
    readonly asOf: string | undefined,
  ) {
    super();
  }
}

export class GetSpendReportQuery extends Query<SpendReport> {
  constructor(
    readonly managerId: string,
    readonly report: SpendReportQuery,
  ) {
    super();
  }
}

export class ListCreditMovementsQuery extends Query<Page<PurchaseItem> | Page<AllocationItem>> {
  constructor(
    readonly managerId: string,
    readonly kind: 'purchases' | 'allocations',
    readonly page: HistoryQuery,
  ) {
    super();
  }
}

@QueryHandler(GetManagerOverviewQuery)
export class GetManagerOverviewHandler implements IQueryHandler<GetManagerOverviewQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ managerId }: GetManagerOverviewQuery): Promise<ManagerOverview> {
    const overview = await getManagerOverview(this.readModels, managerId);
    if (!overview) throw managerNotFound();
    return overview;
  }
}

@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  execute({ managerId, filter }: ListMembersQuery): Promise<Page<MemberListItem>> {
    return refusingBadInput(() => listMembers(this.readModels, managerId, filter));
  }
}

@QueryHandler(GetMemberQuery)
export class GetMemberHandler implements IQueryHandler<GetMemberQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ managerId, memberId }: GetMemberQuery): Promise<MemberDetails> {
    const member = await getMember(this.readModels, managerId, memberId, { now: new Date(this.clock.now()) });
    if (!member) throw notFound('member-not-found', `No member ${memberId.slice(0, 100)} in this Manager`);
    return member;
  }
}

@QueryHandler(GetBalancesQuery)
export class GetBalancesHandler implements IQueryHandler<GetBalancesQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ managerId, asOf }: GetBalancesQuery): Promise<Balances | BalancesAsOfView> {
    // The read models hold the present only: the past is folded from the log (libs/audit).
    if (asOf !== undefined) return balancesAsOfView(this.store, managerId, asOf);
    const balances = await getBalances(this.readModels, managerId);
    if (!balances) throw managerNotFound();
    return balances;
  }
}

@QueryHandler(GetSpendReportQuery)
export class GetSpendReportHandler implements IQueryHandler<GetSpendReportQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ managerId, report }: GetSpendReportQuery): Promise<SpendReport> {
    const found = await refusingBadInput(() => getSpendReport(this.readModels, managerId, report));
    if (!found) throw managerNotFound();
    return found;
  }
}

@QueryHandler(ListCreditMovementsQuery)
export class ListCreditMovementsHandler implements IQueryHandler<ListCreditMovementsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  execute({ managerId, kind, page }: ListCreditMovementsQuery): Promise<Page<PurchaseItem> | Page<AllocationItem>> {
    return refusingBadInput<Page<PurchaseItem> | Page<AllocationItem>>(() =>
      kind === 'purchases' ? listPurchases(this.readModels, managerId, page) : listAllocations(this.readModels, managerId, page),
    );
  }
}

export const READ_MODEL_QUERY_HANDLERS = [
  GetManagerOverviewHandler,
  ListMembersHandler,
  GetMemberHandler,
  GetBalancesHandler,
  GetSpendReportHandler,
  ListCreditMovementsHandler,
];
