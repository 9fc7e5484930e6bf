import { SPEND_CATEGORIES } from '@skype-manager/domain';
import type { ManagerDocument } from '../managers/managers.projection';
import type { ReadModels } from '../runtime/generations';
import { dayNumber, daysBetween, isCalendarDay, monthsBetween } from '../spend/calendar';
import {
  dayRowTotals,
  emptyCategoryTotals,
  spendMonthId,
  type CategoryTotals,
  type SpendMonthDocument,
  type SpendScope,
  type SpendTotals,
} from '../spend/spend.projection';
import { InvalidQueryError } from './query-input';

/** GET /v1/managers/{m}/reports/spend */
export type SpendLevel = 'group' | 'department' | 'employee';
export type Granularity = 'day' | 'month';

export interface SpendReportQuery {
  level: string;
  /** departmentId or memberId; for the group, the managerId (may be omitted). */
  id?: string;
  from: string;
  to: string;
  granularity?: string;
}

export interface SpendPeriod {
  /** 'YYYY-MM-DD' or 'YYYY-MM'. */
  period: string;
  totalMinor: number;
  byCategory: CategoryTotals;
}

export interface SpendReport {
  level: SpendLevel;
  id: string;
  from: string;
  to: string;
  granularity: Granularity;
  currency: string;
  totalMinor: number;
  byCategory: CategoryTotals;
  /** Every period of the range in order, zeros included. */
  series: SpendPeriod[];
  position: number;
}

/** Ranges are bounded so one report cannot read an unbounded number of documents. */
export const MAX_DAILY_PERIODS = 366;
export const MAX_MONTHLY_PERIODS = 120;

const SCOPE_OF_LEVEL: Record<SpendLevel, SpendScope> = {
  group: 'group',
  department: 'department',
  employee: 'employee',
};

/** Undefined when the Manager is unknown (HTTP 404); InvalidQueryError for bad input (HTTP 400). */
export async function getSpendReport(
  readModels: ReadModels,
  managerId: string,
  query: SpendReportQuery,
): Promise<SpendReport | undefined> {
  const { level, id, from, to, granularity } = validate(managerId, query);
  const manager = (await readModels.store.get(
    await readModels.collection('managers', 'managers'),
    managerId,
  )) as ManagerDocument | undefined;
  if (!manager) return undefined;
  const months = await spendMonths(readModels, managerId, SCOPE_OF_LEVEL[level], id, from, to);
  const periods = granularity === 'day' ? daysBetween(from, to) : monthsBetween(from, to);
  const byPeriod = new Map<string, SpendPeriod>(
    periods.map((period) => [period, { period, totalMinor: 0, byCategory: emptyCategoryTotals() }]),
  );
  const total: SpendPeriod = { period: '', totalMinor: 0, byCategory: emptyCategoryTotals() };
  for (const month of months) {
    const whole = granularity === 'month' && from <= `${month.month}-01` && `${month.month}-31` <= to;
    if (whole) {
      // A month wholly inside the range: its own totals, no need to walk its days.
      add(byPeriod.get(month.month)!, month);
      add(total, month);
      continue;
    }
    for (const [dayOfMonth, row] of Object.entries(month.days)) {
      const day = `${month.month}-${dayOfMonth}`;
      if (day < from || day > to) continue;
      const totals = dayRowTotals(row);
      add(byPeriod.get(granularity === 'day' ? day : month.month)!, totals);
      add(total, totals);
    }
  }
  return {
    level,
    id,
    from,
    to,
    granularity,
    currency: manager.currency,
    totalMinor: total.totalMinor,
    byCategory: total.byCategory,
    series: [...byPeriod.values()],
    position: await readModels.position(['managers', 'spend']),
  };
}

/** What a member has been charged in `now`'s UTC month, up to `now`'s day. */
export async function spentInMonth(
  readModels: ReadModels,
  managerId: string,
  memberId: string,
  now: Date,
): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const id = spendMonthId(managerId, 'employee', memberId, today.slice(0, 7));
  const month = (await readModels.store.get(await readModels.collection('spend', 'months'), id)) as
    SpendMonthDocument | undefined;
  let spentMinor = 0;
  for (const [dayOfMonth, row] of Object.entries(month?.days ?? {}))
    if (dayOfMonth <= today.slice(8, 10)) spentMinor += row[0];
  return spentMinor;
}

async function spendMonths(
  readModels: ReadModels,
  managerId: string,
  scope: SpendScope,
  scopeId: string,
  from: string,
  to: string,
): Promise<SpendMonthDocument[]> {
  // Served by the (managerId, scope, scopeId, month) index: one range scan, one document a month.
  return (await readModels.store.find(
    await readModels.collection('spend', 'months'),
    { managerId, scope, scopeId, month: { gte: from.slice(0, 7), lte: to.slice(0, 7) } },
    { sort: [{ field: 'month', direction: 'asc' }] },
  )) as SpendMonthDocument[];
}

function add(period: SpendTotals, totals: SpendTotals): void {
  period.totalMinor += totals.totalMinor;
  for (const category of SPEND_CATEGORIES) period.byCategory[category] += totals.byCategory[category] ?? 0;
}

function validate(managerId: string, query: SpendReportQuery) {
  const level = query.level as SpendLevel;
  if (!Object.hasOwn(SCOPE_OF_LEVEL, level))
    throw new InvalidQueryError('level', 'level must be group, department or employee');
  const granularity = (query.granularity ?? 'day') as Granularity;
  if (granularity !== 'day' && granularity !== 'month')
    throw new InvalidQueryError('granularity', 'granularity must be day or month');
  if (!isCalendarDay(query.from)) throw new InvalidQueryError('from', 'from must be a date YYYY-MM-DD');
  if (!isCalendarDay(query.to)) throw new InvalidQueryError('to', 'to must be a date YYYY-MM-DD');
  if (query.to < query.from) throw new InvalidQueryError('to', 'to must not be before from');
  if (granularity === 'day' && dayNumber(query.to) - dayNumber(query.from) + 1 > MAX_DAILY_PERIODS) {
    throw new InvalidQueryError(
      'to',
      `a daily report covers at most ${MAX_DAILY_PERIODS} days; use granularity=month`,
    );
  }
  if (granularity === 'month' && monthsBetween(query.from, query.to).length > MAX_MONTHLY_PERIODS) {
    throw new InvalidQueryError('to', `a monthly report covers at most ${MAX_MONTHLY_PERIODS} months`);
  }
  let id = query.id;
  if (level === 'group') {
    if (id !== undefined && id !== managerId)
      throw new InvalidQueryError('id', 'for the group level, id is the managerId or omitted');
    id = managerId;
  } else if (id === undefined || id === '') {
    throw new InvalidQueryError(
      'id',
      `id (the ${level === 'department' ? 'departmentId' : 'memberId'}) is required`,
    );
  }
  return { level, id, from: query.from, to: query.to, granularity };
}
