import type { CloseDepartment, CreateDepartment, RenameDepartment } from '../commands';
import { decision, requireLedger, requireManager, type Decision, type DecisionContext } from '../decision';
import type { ActiveManager } from './manager.state';
import { notFound, refuse } from '../shared/errors';
import { checkName } from '../shared/text';

function checkNameFree(manager: ActiveManager, name: string, exceptId?: string): void {
  const clash = Object.values(manager.departments).some(
    (d) => d.open && d.departmentId !== exceptId && d.name.trim().toLowerCase() === name.trim().toLowerCase(),
  );
  if (clash) refuse('department-name-taken', `An open department is already named '${name}'`);
}

function requireOpen(manager: ActiveManager, departmentId: string) {
  const department = manager.departments[departmentId];
  if (!department || !department.open) {
    notFound('department-not-found', `No open department ${departmentId} in this Manager`, { departmentId });
  }
  return department;
}

export function createDepartment(ctx: DecisionContext, command: CreateDepartment): Decision {
  const manager = requireManager(ctx);
  requireLedger(ctx);
  const { departmentId, name } = command.data;
  checkName('name', name);
  if (manager.departments[departmentId]) refuse('department-already-exists', `Department ${departmentId} exists`);
  checkNameFree(manager, name);
  return decision({
    manager: [{ type: 'DepartmentCreated', data: { departmentId, name } }],
    ledger: [{ type: 'DepartmentBudgetOpened', data: { departmentId } }],
  });
}

export function renameDepartment(ctx: DecisionContext, command: RenameDepartment): Decision {
  const manager = requireManager(ctx);
  const { departmentId, name } = command.data;
  checkName('name', name);
  requireOpen(manager, departmentId);
  checkNameFree(manager, name, departmentId);
  return decision({ manager: [{ type: 'DepartmentRenamed', data: { departmentId, name } }] });
}

export function closeDepartment(ctx: DecisionContext, command: CloseDepartment): Decision {
  const manager = requireManager(ctx);
  const ledger = requireLedger(ctx);
  const { departmentId } = command.data;
  requireOpen(manager, departmentId);
  const budgetMinor = ledger.departments[departmentId]?.budgetMinor ?? 0;
  if (budgetMinor > 0) {
    refuse('department-has-budget', `Department still holds ${budgetMinor} minor units; reclaim them first`, {
      budgetMinor,
    });
  }
  const members = Object.values(ledger.members).filter(
    (m) => m.departmentId === departmentId && m.status !== 'closed',
  ).length;
  if (members > 0) {
    refuse('department-has-members', `Department still has ${members} member(s); move them first`, { members });
  }
  const departmentAdmins = Object.values(manager.administrators).filter((a) => a.departmentId === departmentId);
  if (departmentAdmins.length > 0) {
    refuse('department-has-administrators', 'Remove the department administrators first', {
      administrators: departmentAdmins.map((a) => a.administratorId),
    });
  }
  return decision({
    manager: [{ type: 'DepartmentClosed', data: { departmentId } }],
    ledger: [{ type: 'DepartmentBudgetClosed', data: { departmentId } }],
  });
}
