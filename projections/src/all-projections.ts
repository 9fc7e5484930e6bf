import { allocationsProjection } from './allocations/allocations.projection';
import { balancesProjection } from './balances/balances.projection';
import { managersProjection } from './managers/managers.projection';
import { membersProjection } from './members/members.projection';
import { purchasesProjection } from './purchases/purchases.projection';
import type { Projection } from './runtime/projection';
import { spendProjection } from './spend/spend.projection';

/** Every read model the product serves. The projector runs them; the queries read them. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  managersProjection,
  balancesProjection,
  membersProjection,
  spendProjection,
  purchasesProjection,
  allocationsProjection,
];
