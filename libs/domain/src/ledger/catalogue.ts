import type { SetCatalogue } from '../commands';
import { decision, requireLedger, type Decision, type DecisionContext } from '../decision';
import { invalid } from '../shared/errors';
import { isFeature } from '../shared/features';
import { isNonNegativeAmountMinor } from '../shared/money';

/** Sets feature prices; features not named keep their current price. */
export function setCatalogue(ctx: DecisionContext, command: SetCatalogue): Decision {
  const ledger = requireLedger(ctx);
  const prices = { ...ledger.catalogue };
  const entries = Object.entries(command.data.prices);
  if (entries.length === 0) invalid('prices', 'give at least one feature price');
  for (const [feature, price] of entries) {
    if (!isFeature(feature)) invalid(`prices.${feature}`, `unknown feature '${feature}'`);
    if (!isNonNegativeAmountMinor(price)) invalid(`prices.${feature}`, 'a price is a non-negative integer of minor units');
    prices[feature] = price;
  }
  return decision({ ledger: [{ type: 'CatalogueSet', data: { prices } }] });
}
