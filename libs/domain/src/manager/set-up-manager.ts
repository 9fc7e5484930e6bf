import type { SetUpManager, UpdateManagerDetails } from '../commands';
import { decision, requireManager, type Decision, type DecisionContext } from '../decision';
import { invalid, refuse } from '../shared/errors';
import { isCurrencyCode } from '../shared/money';
import { isCountryCode } from '../shared/phone-numbers';
import { checkName } from '../shared/text';

export function setUpManager(ctx: DecisionContext, command: SetUpManager): Decision {
  const { managerId, administratorId, name, adminAccount, currency, country, apiKeyHash } = command.data;
  if (ctx.manager.status !== 'none') refuse('manager-already-exists', `Manager ${managerId} already exists`);
  checkName('name', name);
  checkName('adminAccount', adminAccount);
  if (!isCurrencyCode(currency)) invalid('currency', `'${currency}' is not an ISO 4217 currency code`);
  if (!isCountryCode(country)) invalid('country', `'${country}' is not an ISO 3166 alpha-2 country code`);
  return decision({
    manager: [
      { type: 'ManagerSetUp', data: { managerId, name, adminAccount, currency, country } },
      {
        type: 'AdministratorAdded',
        data: { administratorId, account: adminAccount, role: 'owner', departmentId: null, apiKeyHash },
      },
    ],
    ledger: [{ type: 'LedgerOpened', data: { managerId, currency, country } }],
  });
}

export function updateManagerDetails(ctx: DecisionContext, command: UpdateManagerDetails): Decision {
  requireManager(ctx);
  const { name, adminAccount } = command.data;
  if (name === undefined && adminAccount === undefined) invalid('name', 'Give a name or an adminAccount to change');
  if (name !== undefined) checkName('name', name);
  if (adminAccount !== undefined) checkName('adminAccount', adminAccount);
  const data: { name?: string; adminAccount?: string } = {};
  if (name !== undefined) data.name = name;
  if (adminAccount !== undefined) data.adminAccount = adminAccount;
  return decision({ manager: [{ type: 'ManagerDetailsUpdated', data }] });
}
