import { SPEND_CATEGORIES, type SpendCategory } from '@skype-manager/domain';
import { defineProjection, type DocumentUpdate, type ProjectedDocument } from '../runtime/projection';
import { utcDay } from './calendar';

/**
 * Spend per day at the three report levels — the group (the whole Manager), a department, an
 * employee — split by category. A charge counts for the department carried in the charge event: the
 * member's department when the spend happened, not the one they are in now. Months are summed from
 * days at query time, which keeps this projection at one document per scope and day.
 */
export type SpendScope = 'group' | 'department' | 'employee';
export type CategoryTotals = Record<SpendCategory, number>;

export interface SpendDayDocument extends ProjectedDocument {
  scope: SpendScope;
  /** managerId for the group, else the departmentId or memberId. */
  scopeId: string;
  /** UTC date 'YYYY-MM-DD' of the usage's start, or of the feature grant. */
  day: string;
  totalMinor: number;
  byCategory: CategoryTotals;
}

export function emptyCategoryTotals(): CategoryTotals {
  const totals = {} as CategoryTotals;
  for (const category of SPEND_CATEGORIES) totals[category] = 0;
  return totals;
}

export function spendDayId(managerId: string, scope: SpendScope, scopeId: string, day: string): string {
  return `${managerId}|${scope}|${scopeId}|${day}`;
}

interface Charge {
  managerId: string;
  memberId: string;
  departmentId: string | null;
  day: string;
  category: SpendCategory;
  amountMinor: number;
  position: number;
}

function addTo(charge: Charge, scope: SpendScope, scopeId: string): DocumentUpdate<SpendDayDocument> {
  const id = spendDayId(charge.managerId, scope, scopeId, charge.day);
  return {
    collection: 'days',
    id,
    evolve: (current) => {
      const document = current ?? {
        id,
        managerId: charge.managerId,
        scope,
        scopeId,
        day: charge.day,
        totalMinor: 0,
        byCategory: emptyCategoryTotals(),
        _position: charge.position,
      };
      document.totalMinor += charge.amountMinor;
      document.byCategory[charge.category] = (document.byCategory[charge.category] ?? 0) + charge.amountMinor;
      return document;
    },
  };
}

function charge(charge: Charge): DocumentUpdate<SpendDayDocument>[] {
  const updates = [addTo(charge, 'group', charge.managerId), addTo(charge, 'employee', charge.memberId)];
  // Spend of a member outside any department counts for the group and the employee only.
  if (charge.departmentId !== null) updates.push(addTo(charge, 'department', charge.departmentId));
  return updates;
}

export const spendProjection = defineProjection({
  name: 'spend',
  version: 1,
  collections: {
    days: { indexes: [{ fields: ['managerId', 'scope', 'scopeId', 'day'] }] },
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
