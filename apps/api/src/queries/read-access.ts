import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../auth/principal';
import { ROLES } from '../auth/principal';
import { forbidden } from '../http/problem';

/**
 * Who reads what on the read side. The AuthGuard has already answered 401 (no key) and 404 (a key of
 * another Manager); these rules narrow what a key of the right Manager may see:
 * - owner, admin, auditor, reporter: everything of their Manager;
 * - department admin: the overview, and its own department — its members, its members' details, its
 *   department's and its members' spend reports. Not: other departments, group spend, balances,
 *   purchases and allocations (company money);
 * - member key: itself — its details, its balance entry, its own employee spend report.
 */
export type ReadScope =
  | { kind: 'company' }
  | { kind: 'department'; departmentId: string | null }
  | { kind: 'member'; memberId: string };

/** Routes every reader may reach (the scope then narrows the answer). */
export const READERS = [...ROLES.readCompany, 'member'] as const satisfies readonly Role[];
/** Routes about company money: not for department admins nor members. */
export const COMPANY_READERS = ['owner', 'admin', 'auditor', 'reporter'] as const satisfies readonly Role[];

export function readScopeOf(principal: Principal): ReadScope {
  if (principal.kind === 'member') return { kind: 'member', memberId: principal.id };
  if (principal.role === 'department-admin') return { kind: 'department', departmentId: principal.departmentId };
  return { kind: 'company' };
}

/** The reader's scope (the AuthGuard set the principal on every keyed route). */
export const Reader = createParamDecorator((_: unknown, context: ExecutionContext): ReadScope => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('a read route without @Allow(...)');
  return readScopeOf(principal);
});

export function onlyDepartment(scope: ReadScope, departmentId: string | null | undefined): void {
  if (scope.kind === 'department' && departmentId !== scope.departmentId) {
    throw forbidden(`A department admin reads only its own department (${scope.departmentId})`);
  }
}

export function onlyItself(scope: ReadScope, memberId: string): void {
  if (scope.kind === 'member' && memberId !== scope.memberId) throw forbidden('A member key reads only its own member');
}

export function notForMembers(scope: ReadScope, what: string): void {
  if (scope.kind === 'member') throw forbidden(`A member key may not read ${what}`);
}
