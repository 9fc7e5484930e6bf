import { SPEND_CATEGORIES, type SpendCategory } from '@skype-manager/domain';
import { defineProjection, type DocumentUpdate, type ProjectedDocument } from '../runtime/projection';
import { utcDay } from './calendar';

/**
 * Spend at the three report levels — the group (the whole Manager), a department, an employee — by
 * UTC day and category. A charge counts for the department carried in the charge event: the member's
 * department when the spend happened, not the one they are in now.
 *
 * One document per scope and month holds the month's totals and its days. A month document is
 * rewritten far less often than day documents would be created (a member charged on five days of a
 * rebuild batch is one write, not five), and a year of daily data is twelve reads. Days are stored as
 * compact number rows: a Manager's month document is rewritten on every batch, so its size counts.
 */
export type SpendScope = 'group' | 'department' | 'employee';
export type CategoryTotals = Record<SpendCategory, number>;

export interface SpendTotals {
  totalMinor: number;
  byCategory: CategoryTotals;
}

export interface SpendMonthDocument extends ProjectedDocument, SpendTotals {
  scope: SpendScope;
  /** managerId for the group, else the departmentId or memberId. */
  scopeId: string;
  /** 'YYYY-MM' (UTC). */
  month: string;
  /** Day of the month 'DD' → that day's row; only days with spend. */
  days: Record<string, DayRow>;
}

/** One day's spend: totalMinor, then each category in SPEND_CATEGORIES order. */
export type DayRow = number[];

export function dayRowTotals(row: DayRow): SpendTotals {
  const byCategory = {} as CategoryTotals;
  SPEND_CATEGORIES.forEach((category, index) => (byCategory[category] = row[index + 1] ?? 0));
  return { totalMinor: row[0] ?? 0, byCategory };
}

const CATEGORY_COLUMN = Object.fromEntries(
  SPEND_CATEGORIES.map((category, index) => [category, index + 1]),
) as Record<SpendCategory, number>;

export function emptyCategoryTotals(): CategoryTotals {
  const totals = {} as CategoryTotals;
  for (const category of SPEND_CATEGORIES) totals[category] = 0;
  return totals;
}

export function spendMonthId(managerId: string, scope: SpendScope, scopeId: string, month: string): string {
  return `${managerId}|${scope}|${scopeId}|${month}`;
}

interface Charge {
  managerId: string;
  memberId: string;
  departmentId: string | null;
  /** UTC date of the usage's start, or of the feature grant. */
  day: string;
  category: SpendCategory;
  amountMinor: number;
  position: number;
}

/**
 * What a charge adds, worked out once per event rather than once per scope. The category and the day
 * of the month become constant strings (`SPEND_CATEGORIES`, `DAY_KEYS`): a string read from an event is
 * a new one each time, and using it as a property key makes V8 look it up in its string table.
 */
interface Addition {
  category: SpendCategory;
  /** Index of the category in a day row. */
  column: number;
  dayKey: string;
}

const DAY_KEYS = Array.from({ length: 32 }, (_, day) => String(day).padStart(2, '0'));

function dayKeyOf(day: string): string {
  const tens = day.charCodeAt(8) - 48;
  const units = day.charCodeAt(9) - 48;
  const known = tens >= 0 && tens <= 3 && units >= 0 && units <= 9 ? DAY_KEYS[tens * 10 + units] : undefined;
  return known ?? day.slice(8, 10);
}

function additionOf(charge: Charge): Addition {
  const column = CATEGORY_COLUMN[charge.category];
  return {
    category: column === undefined ? charge.category : SPEND_CATEGORIES[column - 1],
    column,
    dayKey: dayKeyOf(charge.day),
  };
}

function addCharge(totals: SpendTotals, charge: Charge, addition: Addition): void {
  totals.totalMinor += charge.amountMinor;
  totals.byCategory[addition.category] = (totals.byCategory[addition.category] ?? 0) + charge.amountMinor;
}

function addTo(
  charge: Charge,
  addition: Addition,
  scope: SpendScope,
  scopeId: string,
): DocumentUpdate<SpendMonthDocument> {
  const month = charge.day.slice(0, 7);
  const id = spendMonthId(charge.managerId, scope, scopeId, month);
  return {
    collection: 'months',
    id,
    evolve: (current) => {
      const document = current ?? {
        id,
        managerId: charge.managerId,
        scope,
        scopeId,
        month,
        totalMinor: 0,
        byCategory: emptyCategoryTotals(),
        days: {},
        _position: charge.position,
      };
      addCharge(document, charge, addition);
      const row = (document.days[addition.dayKey] ??= new Array<number>(SPEND_CATEGORIES.length + 1).fill(0));
      row[0] += charge.amountMinor;
      row[addition.column] += charge.amountMinor;
      return document;
    },
  };
}

function charge(charge: Charge): DocumentUpdate<SpendMonthDocument>[] {
  const addition = additionOf(charge);
  const updates = [
    addTo(charge, addition, 'group', charge.managerId),
    addTo(charge, addition, 'employee', charge.memberId),
  ];
  // Spend of a member outside any department counts for the group and the employee only.
  if (charge.departmentId !== null) updates.push(addTo(charge, addition, 'department', charge.departmentId));
  return updates;
}

export const spendProjection = defineProjection({
  name: 'spend',
  version: 1,
  collections: {
    months: { indexes: [{ fields: ['managerId', 'scope', 'scopeId', 'month'] }] },
  },
  on: {
    UsageCharged: ({ data, metadata, position }) =>
      charge({
        managerId: metadata.managerId,
        memberId: data.memberId,
        departmentId: data.departmentId,
        day: utcDay(data.startedAt),
        category: data.category,
        amountMinor: data.costMinor,
        position,
      }),
    FeatureGranted: ({ data, metadata, position }) =>
      charge({
        managerId: metadata.managerId,
        memberId: data.memberId,
        departmentId: data.departmentId,
        day: utcDay(metadata.occurredAt),
        category: data.category,
        amountMinor: data.chargedMinor,
        position,
      }),
  },
});
