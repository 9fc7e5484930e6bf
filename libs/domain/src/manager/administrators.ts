import type { AddAdministrator, RemoveAdministrator } from '../commands';
import { decision, requireManager, type Decision, type DecisionContext } from '../decision';
import { invalid, notFound, refuse } from '../shared/errors';
import { checkName } from '../shared/text';
import { ADMINISTRATOR_ROLES } from './manager.events';

export function addAdministrator(ctx: DecisionContext, command: AddAdministrator): Decision {
  const manager = requireManager(ctx);
  const { administratorId, account, role, departmentId, apiKeyHash } = command.data;
  checkName('account', account);
  if (!ADMINISTRATOR_ROLES.includes(role)) invalid('role', `role must be one of ${ADMINISTRATOR_ROLES.join(', ')}`);
  if (role === 'department-admin') {
    if (!departmentId) invalid('departmentId', 'a department-admin needs a departmentId');
    if (!manager.departments[departmentId]?.open) {
      notFound('department-not-found', `No open department ${departmentId} in this Manager`, { departmentId });
    }
  } else if (departmentId) {
    invalid('departmentId', `only a department-admin has a departmentId, not a ${role}`);
  }
  const taken = Object.values(manager.administrators).some(
    (admin) => admin.account.trim().toLowerCase() === account.trim().toLowerCase(),
  );
  if (taken) refuse('administrator-already-exists', `An administrator with account '${account}' already exists`);
  return decision({
    manager: [
      {
        type: 'AdministratorAdded',
        data: { administratorId, account, role, departmentId: departmentId ?? null, apiKeyHash },
      },
    ],
  });
}

export function removeAdministrator(ctx: DecisionContext, command: RemoveAdministrator): Decision {
  const manager = requireManager(ctx);
  const { administratorId } = command.data;
  const admin = manager.administrators[administratorId];
  if (!admin) notFound('administrator-not-found', `No administrator ${administratorId} in this Manager`);
  const owners = Object.values(manager.administrators).filter((a) => a.role === 'owner');
  if (admin.role === 'owner' && owners.length === 1) {
    refuse('last-owner', 'The last owner of a Manager cannot be removed; add another owner first');
  }
  return decision({ manager: [{ type: 'AdministratorRemoved', data: { administratorId } }] });
}
